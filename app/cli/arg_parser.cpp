#include "app/cli/arg_parser.h"

namespace spyglass::cli {

ArgParser::ArgParser(std::string command, std::string usage, std::string description)
    : command_(std::move(command)), usage_(std::move(usage)), description_(std::move(description)) {
    add({"help", 'h', false, "", "show this help and exit"});
}

void ArgParser::add(OptionSpec spec) { specs_.push_back(std::move(spec)); }

const OptionSpec* ArgParser::findLong(std::string_view name) const {
    for (const auto& s : specs_)
        if (s.longName == name) return &s;
    return nullptr;
}

const OptionSpec* ArgParser::findShort(char c) const {
    for (const auto& s : specs_)
        if (s.shortName == c) return &s;
    return nullptr;
}

bool ArgParser::parse(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--") {
            sawDashDash_ = true;
            for (++i; i < argc; ++i) rest_.emplace_back(argv[i]);
            break;
        }
        const OptionSpec* spec = nullptr;
        std::optional<std::string> inlineValue;
        if (arg.starts_with("--")) {
            std::string_view name = arg.substr(2);
            if (auto eq = name.find('='); eq != std::string_view::npos) {
                inlineValue = std::string(name.substr(eq + 1));
                name = name.substr(0, eq);
            }
            spec = findLong(name);
            if (!spec) {
                error_ = "unknown option --" + std::string(name);
                return false;
            }
        } else if (arg.size() >= 2 && arg[0] == '-' && arg[1] != '-') {
            // Bundled flags (-ti) and attached values (-r100).
            for (size_t k = 1; k < arg.size(); ++k) {
                spec = findShort(arg[k]);
                if (!spec) {
                    error_ = std::string("unknown option -") + arg[k];
                    return false;
                }
                if (spec->takesValue) {
                    if (k + 1 < arg.size()) inlineValue = std::string(arg.substr(k + 1));
                    break;
                }
                if (spec->longName == "help") help_ = true;
                values_[spec->longName] = "";
                spec = nullptr;
            }
            if (!spec) continue;
        } else {
            positionals_.emplace_back(arg);
            continue;
        }
        if (spec->longName == "help") {
            help_ = true;
            continue;
        }
        if (spec->takesValue) {
            if (!inlineValue) {
                if (i + 1 >= argc) {
                    error_ = "option --" + spec->longName + " needs a value (" + spec->valueName + ")";
                    return false;
                }
                inlineValue = argv[++i];
            }
            values_[spec->longName] = *inlineValue;
        } else {
            if (inlineValue) {
                error_ = "option --" + spec->longName + " takes no value";
                return false;
            }
            values_[spec->longName] = "";
        }
    }
    return true;
}

bool ArgParser::has(std::string_view longName) const { return values_.find(longName) != values_.end(); }

std::optional<std::string> ArgParser::value(std::string_view longName) const {
    auto it = values_.find(longName);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string ArgParser::helpText() const {
    std::string out = "usage: spyglass " + command_ + " " + usage_ + "\n\n" + description_ + "\n\noptions:\n";
    for (const auto& s : specs_) {
        std::string left = "  ";
        left += s.shortName ? std::string("-") + s.shortName + ", " : "    ";
        left += "--" + s.longName;
        if (s.takesValue) left += " " + s.valueName;
        if (left.size() < 30) left.append(30 - left.size(), ' ');
        else left += "  ";
        out += left + s.help + "\n";
    }
    return out;
}

} // namespace spyglass::cli
