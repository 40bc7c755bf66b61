#pragma once
// Read options for a subcommand that reads a profile file: what the reader skipped (invalid lines
// of a text format) is printed to stderr, so the user learns why the profile is smaller than the
// file. The read itself still succeeds.
#include "core/formats/profile_io.h"

#include <cstdio>
#include <string>

namespace spyglass::cli {

inline ReadOptions warningsToStderr(const char* command) {
    ReadOptions options;
    options.warning = [command](const std::string& message) {
        std::fprintf(stderr, "spyglass %s: warning: %s\n", command, message.c_str());
    };
    return options;
}

} // namespace spyglass::cli
