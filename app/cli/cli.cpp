#include "app/cli/cli.h"

#include <cstdio>
#include <string>

#include "app/cli/commands.h"

namespace spyglass::cli {

namespace {

struct Command {
    const char* name;
    int (*run)(int, char**, int);
    const char* summary;
};

constexpr Command kCommands[] = {
    {"convert", convertCommand, "convert a profile between formats (spyglass, speedscope, collapsed, svg)"},
    {"info", infoCommand, "summarize a profile: samples, duration, threads, heaviest functions"},
    {"dump", dumpCommand, "print the current Python stack of every thread of a running process"},
    {"record", recordCommand, "sample a Python process (-p PID) or program (-- PROG) into a profile"},
    {"top", topCommand, "live table of the functions a Python process spends its time in"},
};

void printUsage(std::FILE* out) {
    std::fprintf(out, "usage: spyglass [FILE]            open the GUI (with a profile)\n"
                      "       spyglass --demo            open the GUI recording the demo program live\n"
                      "       spyglass COMMAND [ARGS...]  run a command\n\ncommands:\n");
    for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(out, "\n`spyglass COMMAND --help` describes a command.\n");
}

} // namespace

bool isCommand(std::string_view arg) {
    if (arg == "--help" || arg == "-h" || arg == "help" || arg == "--version") return true;
    for (const Command& c : kCommands)
        if (arg == c.name) return true;
    return false;
}

int run(int argc, char** argv) {
    const std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(stdout);
        return 0;
    }
    if (name == "--version") {
        std::printf("spyglass %s\n", SPYGLASS_VERSION);
        return 0;
    }
    for (const Command& c : kCommands)
        if (name == c.name) return c.run(argc, argv, 2);
    std::fprintf(stderr, "spyglass: unknown command '%s'\n", argv[1]);
    printUsage(stderr);
    return 2;
}

} // namespace spyglass::cli
