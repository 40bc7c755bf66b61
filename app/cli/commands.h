#pragma once
// One function per subcommand; argv[first] is the first argument after the subcommand's name.
namespace spyglass::cli {

int convertCommand(int argc, char** argv, int first);
int infoCommand(int argc, char** argv, int first);
int dumpCommand(int argc, char** argv, int first);
int recordCommand(int argc, char** argv, int first);
int topCommand(int argc, char** argv, int first);

} // namespace spyglass::cli
