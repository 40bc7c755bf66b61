// libFuzzer target for the speedscope JSON reader, through the same entry point the CLI uses:
// any input must end in a profile or an error, never a crash, a hang or a sanitizer report. A
// profile read is queried (every id it holds must be valid) and written back as speedscope, which
// exercises the writer's escaping on whatever names the fuzzer made up.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"
#include "core/query/call_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace spyglass;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto profile = readProfileData(bytes, "fuzz.json");
    if (!profile) {
        if (profile.error().message.empty()) __builtin_trap();
        return 0;
    }
    const Profile& p = **profile;
    const CallTree tree = buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown);
    (void)tree.dump(p, 50);
    std::string json;
    auto sink = OutputSink::toString(&json);
    if (!writeSpeedscope(p, *sink, WriteOptions{})) __builtin_trap();
    // Not read back here: every model allocates its first chunks (a few MB, zeroed), which would
    // halve the fuzzer's speed; the round trip is the unit tests' job.
    return 0;
}
