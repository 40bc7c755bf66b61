// libFuzzer target for the Austin text reader: any input must end in a profile or an error,
// never a crash or a hang. A profile read is also drawn as an SVG flamegraph, so the writer
// meets whatever names and weights the fuzzer made up.
#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace spyglass;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto in = InputSource::fromMemory(bytes, "fuzz.austin");
    auto profile = readAustin(*in, ReadOptions{});
    if (!profile) return 0;
    std::string svg;
    auto sink = OutputSink::toString(&svg);
    WriteOptions options;
    options.threadFrames = size % 2 == 0;
    if (!writeSvgFlamegraph(**profile, *sink, options)) __builtin_trap();
    return 0;
}
