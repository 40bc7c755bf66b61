// libFuzzer target for the folded-stack reader (and, through detection, whatever format the
// bytes look like): any input must end in a profile or an error, never a crash or a hang. A
// profile read is also written back as collapsed text and read again, which exercises the
// writer on whatever names the fuzzer made up.
#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace spyglass;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto in = InputSource::fromMemory(bytes, "fuzz.txt");
    auto profile = readCollapsed(*in, ReadOptions{});
    if (!profile) return 0;
    std::string text;
    auto sink = OutputSink::toString(&text);
    WriteOptions options;
    options.threadFrames = true;
    if (!writeCollapsed(**profile, *sink, options)) __builtin_trap();
    // Read it back too (it may legitimately fail: a summed weight above the per-line limit).
    auto again = InputSource::fromMemory(text, "fuzz-again.txt");
    (void)readCollapsed(*again, ReadOptions{});
    return 0;
}
