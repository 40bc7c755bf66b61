#include "core/cpython/debug_offsets.h"

#include <cstring>
#include <vector>

namespace spyglass::cpython {

namespace {

// Word indexes (after the cookie) of the 3.13 _Py_DebugOffsets fields, in declaration order.
enum Word : size_t {
    kVersion = 0, kFreeThreaded,
    kRuntimeSize, kRuntimeFinalizing, kRuntimeInterpretersHead,
    kInterpSize, kInterpId, kInterpNext, kInterpThreadsHead, kInterpGc, kInterpImportsModules,
    kInterpSysdict, kInterpBuiltins, kInterpCevalGil, kInterpGilRuntimeState, kGilEnabled, kGilLocked,
    kGilHolder,
    kTstateSize, kTstatePrev, kTstateNext, kTstateInterp, kTstateCurrentFrame, kTstateThreadId,
    kTstateNativeThreadId, kTstateDatastackChunk, kTstateStatus,
    kFrameSize, kFramePrevious, kFrameExecutable, kFrameInstrPtr, kFrameLocalsplus, kFrameOwner,
    kCodeSize, kCodeFilename, kCodeName, kCodeQualname, kCodeLinetable, kCodeFirstlineno,
    kCodeArgcount, kCodeLocalsplusnames, kCodeLocalspluskinds, kCodeAdaptive,
    kObjectSize, kObjectType,
    kTypeSize, kTypeName, kTypeRepr, kTypeFlags,
    kTupleSize, kTupleItem, kTupleObSize,
    kListSize, kListItem, kListObSize,
    kDictSize, kDictKeys, kDictValues,
    kFloatSize, kFloatVal,
    kLongSize, kLongTag, kLongDigit,
    kBytesSize, kBytesObSize, kBytesSval,
    kUnicodeSize, kUnicodeState, kUnicodeLength, kUnicodeAsciiSize,
    kGcSize, kGcCollecting,
    kWordCount
};
static_assert(kWordCount == 72);

} // namespace

Result<DebugOffsets313> parseDebugOffsets313(std::span<const uint8_t> raw, const PyOffsets& base) {
    if (raw.size() < 8 + 8 * kWordCount) return makeError("short _Py_DebugOffsets", ErrorKind::Unsupported);
    if (std::memcmp(raw.data(), "xdebugpy", 8) != 0)
        return makeError("_PyRuntime does not start with the _Py_DebugOffsets cookie", ErrorKind::Unsupported);
    std::vector<uint64_t> w(kWordCount);
    std::memcpy(w.data(), raw.data() + 8, 8 * kWordCount);
    const uint64_t version = w[kVersion];
    if ((version >> 24) != 3 || ((version >> 16) & 0xff) != 13)
        return makeError("_Py_DebugOffsets of an unknown layout (version 0x" + std::to_string(version) + ")",
                         ErrorKind::Unsupported);
    // Offsets are small; anything else means we are not looking at the structure we think.
    for (size_t i = kRuntimeSize; i < kWordCount; ++i)
        if (w[i] > (1u << 20) && i != kRuntimeSize && i != kInterpSize)
            return makeError("implausible _Py_DebugOffsets", ErrorKind::Unsupported);

    DebugOffsets313 d;
    d.version = version;
    d.freeThreaded = w[kFreeThreaded];
    PyOffsets& o = d.offsets;
    o = base;
    o.major = 3;
    o.minor = 13;
    auto i32 = [&](Word k) { return static_cast<int32_t>(w[k]); };
    o.runtime.interpreters_head = i32(kRuntimeInterpretersHead);
    o.interp.next = i32(kInterpNext);
    o.interp.tstate_head = i32(kInterpThreadsHead);
    o.interp.modules = i32(kInterpImportsModules);
    o.interp.ceval_gil = i32(kInterpCevalGil);
    // Published relative to the interpreter (its own _gil); the reader follows ceval.gil, which
    // may point to another interpreter's, so keep them relative to the _gil_runtime_state.
    o.gil.locked = i32(kGilLocked) - i32(kInterpGilRuntimeState);
    o.gil.last_holder = i32(kGilHolder) - i32(kInterpGilRuntimeState);
    o.tstate.size = i32(kTstateSize);
    o.tstate.prev = i32(kTstatePrev);
    o.tstate.next = i32(kTstateNext);
    o.tstate.interp = i32(kTstateInterp);
    o.tstate.current_frame = i32(kTstateCurrentFrame);
    o.tstate.thread_id = i32(kTstateThreadId);
    o.tstate.native_thread_id = i32(kTstateNativeThreadId);
    o.tstate.datastack_chunk = i32(kTstateDatastackChunk);
    // datastack_top is not published; it directly follows datastack_chunk in every version so far.
    o.tstate.datastack_top = i32(kTstateDatastackChunk) + 8;
    o.iframe.previous = i32(kFramePrevious);
    o.iframe.code = i32(kFrameExecutable);
    o.iframe.instr = i32(kFrameInstrPtr);
    o.iframe.localsplus = i32(kFrameLocalsplus);
    o.iframe.size = i32(kFrameLocalsplus);
    o.iframe.owner = i32(kFrameOwner);
    o.code.filename = i32(kCodeFilename);
    o.code.name = i32(kCodeName);
    o.code.qualname = i32(kCodeQualname);
    o.code.linetable = i32(kCodeLinetable);
    o.code.firstlineno = i32(kCodeFirstlineno);
    o.code.argcount = i32(kCodeArgcount);
    o.code.localsplusnames = i32(kCodeLocalsplusnames);
    o.code.localspluskinds = i32(kCodeLocalspluskinds);
    o.code.code_adaptive = i32(kCodeAdaptive);
    o.object.ob_type = i32(kObjectType);
    o.type.tp_name = i32(kTypeName);
    o.type.tp_flags = i32(kTypeFlags);
    o.tuple.ob_item = i32(kTupleItem);
    o.object.ob_size = i32(kTupleObSize);
    o.dict.ma_keys = i32(kDictKeys);
    o.dict.ma_values = i32(kDictValues);
    o.floating.ob_fval = i32(kFloatVal);
    o.integer.lv_tag = i32(kLongTag);
    o.integer.ob_digit = i32(kLongDigit);
    o.bytes.ob_sval = i32(kBytesSval);
    o.unicode.state = i32(kUnicodeState);
    o.unicode.length = i32(kUnicodeLength);
    o.unicode.ascii_size = i32(kUnicodeAsciiSize);
    return d;
}

Result<DebugOffsets313> readDebugOffsets(const process::ProcessMemory& memory, uint64_t runtimeAddress,
                                         const PyOffsets& base) {
    std::vector<uint8_t> raw(8 + 8 * kWordCount);
    if (auto r = memory.read(runtimeAddress, raw.data(), raw.size()); !r) return r.error();
    return parseDebugOffsets313(raw, base);
}

} // namespace spyglass::cpython
