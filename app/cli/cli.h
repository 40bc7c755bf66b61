#pragma once
// The `spyglass` command line: subcommands on the same engine as the GUI.
#include <string_view>

namespace spyglass::cli {

bool isCommand(std::string_view arg);
int run(int argc, char** argv);

} // namespace spyglass::cli
