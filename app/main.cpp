// One executable: a subcommand runs the command line, anything else starts the GUI.
#include <cstdio>
#include <string_view>

#include "app/cli/cli.h"

#ifdef SPYGLASS_WITH_GUI
#include "app/gui/gui_main.h"
#endif

int main(int argc, char** argv) {
    if (argc > 1 && spyglass::cli::isCommand(argv[1])) return spyglass::cli::run(argc, argv);
#ifdef SPYGLASS_WITH_GUI
    return spyglass::gui::run(argc, argv);
#else
    std::fprintf(stderr, "spyglass: built without the GUI; use a subcommand (spyglass --help)\n");
    return 2;
#endif
}
