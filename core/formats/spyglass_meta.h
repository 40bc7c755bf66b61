#pragma once
// The META section of our own format (see spyglass_format.h): metrics, metadata and table sizes
// as JSON, so later versions can add keys that older readers skip.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/profile.h"
#include "core/model/result.h"

namespace spyglass::spyfmt {

struct TableCounts {
    uint64_t strings = 0, functions = 0, frames = 0, stacks = 0, threads = 0, samples = 0;
};

struct MetaSection {
    std::vector<Metric> metrics;
    ProfileMetadata metadata;
    TableCounts counts;
    std::string writer;
};

std::string encodeMeta(const MetaSection& meta);
// The message says what is wrong; the caller adds the file and section.
Result<MetaSection> decodeMeta(std::string_view json);

} // namespace spyglass::spyfmt
