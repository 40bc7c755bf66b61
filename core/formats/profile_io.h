#pragma once
// Reading and writing profile files: one entry point that detects the input format from the
// content, and one writer per output format. Every reader reports bad input as an Error whose
// message names the file and where it went wrong (line, byte offset or JSON path).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/model/profile.h"
#include "core/model/result.h"

namespace spyglass {

enum class FileFormat { Unknown, Spyglass, Speedscope, Collapsed, Austin, Svg };

std::string_view fileFormatName(FileFormat f);
// "spyglass", "speedscope", "collapsed"/"raw", "austin", "svg"/"flamegraph".
FileFormat parseFileFormat(std::string_view name);
// From an output file name's extension (.spyglass, .json/.speedscope.json, .txt/.folded/.collapsed, .svg).
FileFormat formatFromExtension(std::string_view path);
// From the first bytes of a file.
FileFormat detectFormat(std::string_view head);

struct ReadOptions {
    // Called now and then with the share of the input read; return false to cancel.
    std::function<bool(double)> progress;
    // Called once per read with a message about input that was skipped (invalid lines of a text
    // format, with the first offending line named); the profile read is still returned.
    std::function<void(const std::string&)> warning;
};

struct WriteOptions {
    bool includeLineNumbers = true; // collapsed/svg: `function (file:line)` vs `function (file)`
    bool fullFilenames = true;      // collapsed/svg: whole paths vs shortened ones
    bool threadFrames = false;      // collapsed/svg: a thread frame at the root of each stack
    bool includeIdle = true;        // drop idle samples when false
    std::string title;              // svg
    int zstdLevel = -1;             // spyglass format; -1 (zstd fast mode): ~15% larger than 1, 1.3x faster to write
};

Result<std::unique_ptr<Profile>> readProfileFile(const std::string& path, const ReadOptions& options = {});
// For in-memory data (tests, fuzzers); `name` stands for the file in messages.
Result<std::unique_ptr<Profile>> readProfileData(std::string_view data, std::string_view name,
                                                 const ReadOptions& options = {});

Result<void> writeProfileFile(const Profile& profile, const std::string& path, FileFormat format,
                              const WriteOptions& options = {});

} // namespace spyglass
