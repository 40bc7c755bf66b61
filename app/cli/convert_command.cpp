#include "app/cli/arg_parser.h"
#include "app/cli/commands.h"
#include "app/cli/read_warnings.h"
#include "core/formats/profile_io.h"

#include <cstdio>

namespace spyglass::cli {

int convertCommand(int argc, char** argv, int first) {
    ArgParser args(
        "convert", "IN -o OUT [-f FORMAT]   or   spyglass convert IN OUT",
        "Reads a profile (spyglass, speedscope, collapsed/py-spy raw, Austin; detected from\n"
        "the content) and writes it as FORMAT, by default the one OUT's extension names.");
    args.add({"output", 'o', true, "OUT", "file to write"});
    args.add({"format", 'f', true, "FORMAT",
              "spyglass, speedscope, collapsed (raw) or svg (flamegraph)"});
    args.add({"nolineno", 0, false, "", "collapsed/svg: leave line numbers out of frames"});
    args.add(
        {"threads", 't', false, "", "collapsed/svg: add a thread frame at the root of each stack"});
    args.add({"title", 0, true, "TEXT", "svg: the title shown above the flamegraph"});
    if (!args.parse(argc, argv, first)) {
        std::fprintf(stderr, "spyglass convert: %s\n%s", args.error().c_str(),
                     args.helpText().c_str());
        return 2;
    }
    if (args.helpRequested()) {
        std::fputs(args.helpText().c_str(), stdout);
        return 0;
    }
    // `convert IN OUT` too, as cp and most converters take it.
    const auto& files = args.positionals();
    const bool outputGiven = args.has("output");
    if (files.size() != (outputGiven ? 1u : 2u)) {
        std::fprintf(stderr, "spyglass convert: need one input file and an output (-o OUT)\n%s",
                     args.helpText().c_str());
        return 2;
    }
    const std::string out = outputGiven ? *args.value("output") : files[1];
    FileFormat format = FileFormat::Unknown;
    if (auto f = args.value("format")) {
        format = parseFileFormat(*f);
        if (format == FileFormat::Unknown || format == FileFormat::Austin) {
            std::fprintf(stderr, "spyglass convert: unknown output format '%s'\n", f->c_str());
            return 2;
        }
    } else {
        format = formatFromExtension(out);
        if (format == FileFormat::Unknown) {
            std::fprintf(stderr, "spyglass convert: cannot tell the format from '%s'; use -f\n",
                         out.c_str());
            return 2;
        }
    }
    auto profile = readProfileFile(files[0], warningsToStderr("convert"));
    if (!profile) {
        std::fprintf(stderr, "spyglass convert: %s\n", profile.error().message.c_str());
        return 1;
    }
    WriteOptions options;
    options.includeLineNumbers = !args.has("nolineno");
    options.threadFrames = args.has("threads");
    options.title = args.value("title").value_or("");
    if (auto written = writeProfileFile(**profile, out, format, options); !written) {
        std::fprintf(stderr, "spyglass convert: %s\n", written.error().message.c_str());
        return 1;
    }
    return 0;
}

} // namespace spyglass::cli
