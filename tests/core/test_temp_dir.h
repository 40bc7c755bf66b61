#pragma once
// Temporary directories for the core tests.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace spyglass::testing {

// A fresh directory under /tmp, removed at the end; `name` may hold non-ASCII characters.
class TempDir {
public:
    explicit TempDir(const std::string& name) {
        char tmpl[] = "/tmp/spyglass-test-XXXXXX";
        base_ = mkdtemp(tmpl);
        path_ = base_ + "/" + name;
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(base_, ec);
    }
    const std::string& path() const { return path_; }

private:
    std::string base_, path_;
};

// `name` in a directory of this test process's own, removed when it exits. ctest runs each test
// case as its own process, two at a time: files named only by what they hold ("out.json") in
// one shared directory were written by one test while another read them back.
inline std::string testTempPath(const std::string& name) {
    static const TempDir dir("");
    return dir.path() + name; // path() ends with '/' for an empty name
}

} // namespace spyglass::testing
