#pragma once
// A small getopt-style parser shared by the subcommands: long and short options, values after a
// space or '=', positionals, and "--" ending the options (everything after it is kept for launch).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spyglass::cli {

struct OptionSpec {
    std::string longName;  // "output"
    char shortName = 0;    // 'o'
    bool takesValue = false;
    std::string valueName; // "FILE"
    std::string help;
};

class ArgParser {
public:
    ArgParser(std::string command, std::string usage, std::string description);
    void add(OptionSpec spec);

    // False on a bad command line; error() says why. `--help`/`-h` sets helpRequested().
    bool parse(int argc, char** argv, int first);

    bool has(std::string_view longName) const;
    std::optional<std::string> value(std::string_view longName) const;
    const std::vector<std::string>& positionals() const { return positionals_; }
    const std::vector<std::string>& afterDashDash() const { return rest_; }
    bool sawDashDash() const { return sawDashDash_; }
    bool helpRequested() const { return help_; }
    const std::string& error() const { return error_; }
    std::string helpText() const;

private:
    const OptionSpec* findLong(std::string_view name) const;
    const OptionSpec* findShort(char c) const;

    std::string command_, usage_, description_;
    std::vector<OptionSpec> specs_;
    std::map<std::string, std::string, std::less<>> values_;
    std::vector<std::string> positionals_, rest_;
    bool sawDashDash_ = false;
    bool help_ = false;
    std::string error_;
};

} // namespace spyglass::cli
