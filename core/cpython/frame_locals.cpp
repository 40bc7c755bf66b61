#include "core/cpython/frame_locals.h"

namespace spyglass::cpython {

namespace {

constexpr uint8_t kFastLocal = 0x20;  // CO_FAST_LOCAL (3.11+)
constexpr uint8_t kFastHidden = 0x10; // CO_FAST_HIDDEN (3.12+: comprehension temporaries)
constexpr size_t kMaxLocals = 512;

std::string typeName(const ObjectReader& r, uint64_t object) {
    const uint64_t type = r.typeOf(object);
    if (!type) return "<?>";
    auto namePtr = r.memory().value<uint64_t>(type + r.offsets().type.tp_name);
    if (!namePtr || !*namePtr) return "<?>";
    char buf[64] = {};
    if (!r.memory().read(*namePtr, buf, sizeof buf - 1)) return "<?>";
    return "<" + std::string(buf) + ">";
}

} // namespace

std::vector<LocalVariable> readFrameLocals(PythonStackReader& reader, const RawFrame& frame) {
    std::vector<LocalVariable> out;
    const ObjectReader& r = reader.objects();
    const PyOffsets& o = r.offsets();
    const auto& m = r.memory();
    if (!frame.code || !frame.frame) return out;

    std::vector<uint64_t> names;
    std::vector<uint8_t> kinds;
    uint64_t valuesAt = 0;
    if (o.code.localsplusnames != kAbsent) {
        auto namesPtr = m.value<uint64_t>(frame.code + o.code.localsplusnames);
        auto kindsPtr = m.value<uint64_t>(frame.code + o.code.localspluskinds);
        if (!namesPtr || !kindsPtr) return out;
        auto n = r.tuple(*namesPtr, kMaxLocals);
        auto k = r.bytes(*kindsPtr, kMaxLocals);
        if (!n || !k || k->size() != n->size()) return out;
        names = std::move(*n);
        kinds = std::move(*k);
        valuesAt = frame.frame + o.iframe.localsplus;
    } else {
        auto namesPtr = m.value<uint64_t>(frame.code + o.code.varnames);
        auto nlocals = m.value<int32_t>(frame.code + o.code.nlocals);
        if (!namesPtr || !nlocals || *nlocals < 0) return out;
        auto n = r.tuple(*namesPtr, kMaxLocals);
        if (!n) return out;
        names = std::move(*n);
        names.resize(std::min<size_t>(names.size(), static_cast<size_t>(*nlocals)));
        kinds.assign(names.size(), kFastLocal);
        valuesAt = frame.frame + o.frame.f_localsplus;
    }
    std::vector<uint64_t> values(names.size());
    if (!values.empty() && !m.read(valuesAt, values.data(), values.size() * 8)) return out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (!(kinds[i] & kFastLocal) || (kinds[i] & kFastHidden) || values[i] == 0) continue;
        auto name = r.string(names[i], 256);
        if (!name) continue;
        auto repr = r.simpleRepr(values[i]);
        out.push_back({std::move(*name), repr ? std::move(*repr) : typeName(r, values[i])});
    }
    return out;
}

} // namespace spyglass::cpython
