#pragma once
// Helpers for the format tests: read files or text through the real entry points, dump call
// trees as indented text, and write through the real file sinks.
#include "core/formats/profile_io.h"
#include "core/query/call_tree.h"
#include "core/test_temp_dir.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace spyglass::testing {

inline std::string profilesDir() {
    return std::string(SPYGLASS_SHARED_DATA_DIR) + "/profiles/";
}

inline std::string treeDump(const Profile& p, bool byLine = false, size_t metric = 0,
                            size_t maxDepth = SIZE_MAX) {
    TreeOptions o;
    o.byLine = byLine;
    o.metric = metric;
    return buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown, o).dump(p, maxDepth);
}

struct ReadOutcome {
    std::unique_ptr<Profile> profile;
    std::string error;
    std::vector<std::string> warnings;
};

inline ReadOutcome readData(std::string_view data, std::string_view name = "test.txt") {
    ReadOutcome out;
    ReadOptions o;
    o.warning = [&](const std::string& w) { out.warnings.push_back(w); };
    auto r = readProfileData(data, name, o);
    if (r)
        out.profile = std::move(*r);
    else
        out.error = r.error().message;
    return out;
}

inline ReadOutcome readPath(const std::string& path) {
    ReadOutcome out;
    ReadOptions o;
    o.warning = [&](const std::string& w) { out.warnings.push_back(w); };
    auto r = readProfileFile(path, o);
    if (r)
        out.profile = std::move(*r);
    else
        out.error = r.error().message;
    return out;
}

// Reads a file that must read; fails the test (and returns an empty profile) otherwise.
inline std::unique_ptr<Profile> mustRead(const std::string& path) {
    ReadOutcome r = readPath(path);
    EXPECT_TRUE(r.profile) << path << ": " << r.error;
    return r.profile ? std::move(r.profile) : std::make_unique<Profile>();
}

inline std::unique_ptr<Profile> mustParse(std::string_view text) {
    ReadOutcome r = readData(text);
    EXPECT_TRUE(r.profile) << r.error;
    return r.profile ? std::move(r.profile) : std::make_unique<Profile>();
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Writes through writeProfileFile into a temporary file and returns its bytes.
inline std::string writeToString(const Profile& p, FileFormat format, const WriteOptions& o = {},
                                 const std::string& fileName = "out") {
    const std::string path = testTempPath(fileName);
    auto r = writeProfileFile(p, path, format, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return slurp(path);
}

} // namespace spyglass::testing
