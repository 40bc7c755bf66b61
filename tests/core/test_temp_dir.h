#pragma once
// A temporary directory of this test process, removed when it exits. ctest runs each test case
// as its own process, two at a time: files named only by what they hold ("out.json") in one
// shared directory were written by one test while another read them back.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace spyglass::testing {

inline const std::string& testTempDir() {
    struct Dir {
        std::string path;
        Dir() {
            char pattern[] = "/tmp/spyglass-test-XXXXXX";
            if (const char* made = ::mkdtemp(pattern)) path = std::string(made) + "/";
            else path = "/tmp/"; // without a directory of its own, at least still a place to write
        }
        ~Dir() {
            if (path != "/tmp/") {
                std::error_code ignored;
                std::filesystem::remove_all(path, ignored);
            }
        }
    };
    static const Dir dir;
    return dir.path;
}

// `name` inside this process's temporary directory.
inline std::string testTempPath(const std::string& name) { return testTempDir() + name; }

} // namespace spyglass::testing
