// libFuzzer target for our own format's reader, through the same entry point the CLI uses. Inputs
// without the signature get it prepended, so the fuzzer's effort goes to the sections rather than
// to format detection. Anything read must be valid for queries and must survive write -> read
// unchanged (the format is lossless).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/formats/byte_io.h"
#include "core/formats/format_registry.h"
#include "core/query/call_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace spyglass;
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (!std::string_view(bytes).starts_with(kSpyglassMagic)) bytes.insert(0, kSpyglassMagic);
    auto profile = readProfileData(bytes, "fuzz.spyglass");
    if (!profile) {
        if (profile.error().message.empty()) __builtin_trap();
        return 0;
    }
    const Profile& p = **profile;
    const CallTree tree = buildCallTree(ProfileSnapshot::of(p), {}, TreeKind::TopDown);
    const std::string dump = tree.dump(p, 50);
    std::string file;
    auto sink = OutputSink::toString(&file);
    if (!writeSpyglass(p, *sink, WriteOptions{})) __builtin_trap();
    auto again = readProfileData(file, "fuzz-again.spyglass");
    if (!again) __builtin_trap();
    const Profile& q = **again;
    if (q.sampleCount() != p.sampleCount() || q.stackCount() != p.stackCount() ||
        q.frameCount() != p.frameCount() || q.strings().size() != p.strings().size() ||
        q.threadCount() != p.threadCount())
        __builtin_trap();
    if (buildCallTree(ProfileSnapshot::of(q), {}, TreeKind::TopDown).dump(q, 50) != dump) __builtin_trap();
    return 0;
}
