#include "core/cpython/python_target.h"

#include <vector>

#include "core/cpython/debug_offsets.h"

namespace spyglass::cpython {

namespace {

bool isFatal(const Error& e) { return e.kind == ErrorKind::NotFound || e.kind == ErrorKind::Permission; }

TypeAddresses typeAddresses(const PythonBinaries& b, int major) {
    auto sym = [&](const char* name) { return b.symbol(name).value_or(0); };
    TypeAddresses t;
    t.code = sym("PyCode_Type");
    t.frame = sym("PyFrame_Type");
    t.unicode = sym("PyUnicode_Type");
    t.bytes = sym(major >= 3 ? "PyBytes_Type" : "PyString_Type");
    t.integer = sym("PyLong_Type");
    t.py2int = major >= 3 ? 0 : sym("PyInt_Type");
    t.floating = sym("PyFloat_Type");
    t.boolean = sym("PyBool_Type");
    t.dict = sym("PyDict_Type");
    t.tuple = sym("PyTuple_Type");
    t.none = sym("_Py_NoneStruct");
    t.trueObject = sym("_Py_TrueStruct");
    t.falseObject = sym(major >= 3 ? "_Py_FalseStruct" : "_Py_ZeroStruct");
    return t;
}

// An interpreter state whose first thread state points back to it. An interpreter without
// threads (during start-up) does not validate: the caller retries.
bool validInterpreter(const process::ProcessMemory& m, const PythonBinaries& b, const PyOffsets& o, uint64_t interp) {
    if (interp == 0 || (interp & 7) || !b.isMapped(interp)) return false;
    auto ts = m.value<uint64_t>(interp + o.interp.tstate_head);
    if (!ts || *ts == 0 || (*ts & 7) || !b.isMapped(*ts)) return false;
    auto back = m.value<uint64_t>(*ts + o.tstate.interp);
    if (!back || *back != interp) return false;
    // Two structures pointing at each other are common; an interpreter also has a thread with an
    // id and a dict of modules.
    auto id = m.value<uint64_t>(*ts + o.tstate.thread_id);
    if (!id || *id == 0) return false;
    const uint64_t dictType = b.symbol("PyDict_Type").value_or(0);
    auto modules = m.value<uint64_t>(interp + o.interp.modules);
    if (!modules || !*modules || !b.isMapped(*modules)) return false;
    auto modulesType = m.value<uint64_t>(*modules + o.object.ob_type);
    return modulesType && (dictType == 0 || *modulesType == dictType);
}

} // namespace

// Scans the words of the runtime's writable sections for a pointer to a valid interpreter state.
uint64_t scanForInterpreter(const process::ProcessMemory& m, const PythonBinaries& b, const PyOffsets& o) {
    constexpr size_t kMaxProbes = 50000;
    size_t probes = 0;
    for (const char* name : {".PyRuntime", ".data", ".bss"}) {
        auto s = b.section(name);
        if (!s || s->size == 0 || s->size > (64u << 20)) continue;
        std::vector<uint64_t> words(s->size / 8);
        if (!m.read(s->address, words.data(), words.size() * 8)) continue;
        for (size_t i = 0; i < words.size() && probes < kMaxProbes; ++i) {
            const uint64_t w = words[i];
            if (w == 0 || (w & 7) || !b.isMapped(w)) continue;
            ++probes;
            if (validInterpreter(m, b, o, w)) return s->address + i * 8;
        }
    }
    return 0;
}

Result<PythonTarget> locatePythonTarget(const PythonBinaries& binaries, const process::ProcessMemory& memory) {
    auto version = readPythonVersion(binaries, memory);
    if (!version) return version.error();
    PythonTarget t;
    t.version = *version;
    t.runtimePath = binaries.runtimePath();
    const int major = version->major, minor = version->minor;

    const PyOffsets* table = generatedOffsets(major, minor);
    const uint64_t runtimeSym = binaries.symbol("_PyRuntime").value_or(0);
    uint64_t runtime = runtimeSym;
    if (!runtime && (major > 3 || (major == 3 && minor >= 10)))
        if (auto s = binaries.section(".PyRuntime")) runtime = s->address;

    if (major == 3 && minor >= 13) {
        if (!runtime)
            return makeError("CPython " + version->text + ": no _PyRuntime symbol or .PyRuntime section in " +
                                 t.runtimePath, ErrorKind::Unsupported);
        const PyOffsets* base = table ? table : generatedOffsets(3, 13);
        if (!base) return makeError("no 3.13 base offsets", ErrorKind::Unsupported);
        auto debug = readDebugOffsets(memory, runtime, *base);
        if (!debug) {
            if (isFatal(debug.error())) return debug.error();
            return makeError("CPython " + version->text + " is not supported: " + debug.error().message,
                             ErrorKind::Unsupported);
        }
        if (debug->freeThreaded)
            return makeError("free-threaded CPython " + version->text + " is not supported yet", ErrorKind::Unsupported);
        t.offsets = debug->offsets;
        t.note = "offsets from the target's _Py_DebugOffsets";
    } else if (table) {
        t.offsets = *table;
        t.note = "offsets from the generated table";
    } else {
        return makeError("CPython " + version->text + " is not supported (supported: " + generatedVersionList() +
                             " and 3.13 via _Py_DebugOffsets)",
                         ErrorKind::Unsupported);
    }
    const PyOffsets& o = t.offsets;
    t.types = typeAddresses(binaries, major);

    // The interpreter state.
    if (o.runtime.interpreters_head != kAbsent && runtime) {
        t.runtime = runtime;
        t.interpHeadPointer = runtime + o.runtime.interpreters_head;
    } else if (auto head = binaries.symbol("interp_head")) {
        t.interpHeadPointer = *head;
    }
    if (t.interpHeadPointer) {
        auto interp = memory.value<uint64_t>(t.interpHeadPointer);
        if (!interp) return interp.error();
        if (validInterpreter(memory, binaries, o, *interp)) t.interp = *interp;
        else if (*interp == 0)
            return makeError("the interpreter in process " + std::to_string(memory.pid()) + " is not initialized yet",
                             ErrorKind::Generic);
    }
    if (!t.interp) {
        const uint64_t slot = scanForInterpreter(memory, binaries, o);
        if (!slot)
            return makeError("cannot find the interpreter state of CPython " + version->text + " in process " +
                                 std::to_string(memory.pid()) + " (no usable _PyRuntime/interp_head symbol, and no "
                                 "valid interpreter state in .PyRuntime/.data/.bss of " + t.runtimePath + ")",
                             ErrorKind::Unsupported);
        t.interpHeadPointer = slot;
        t.interp = *memory.value<uint64_t>(slot);
        t.foundByScan = true;
        if (o.runtime.interpreters_head != kAbsent && !t.runtime) t.runtime = slot - o.runtime.interpreters_head;
        t.note += "; interpreter found by scanning memory";
    }

    // Who holds the GIL.
    if (o.runtime.tstate_current != kAbsent && t.runtime) {
        t.gilSource = GilSource::CurrentTstate;
        t.currentTstatePointer = t.runtime + o.runtime.tstate_current;
    } else if (major == 2 || (major == 3 && minor <= 6)) {
        if (auto cur = binaries.symbol("_PyThreadState_Current")) {
            t.gilSource = GilSource::CurrentTstate;
            t.currentTstatePointer = *cur;
        }
    } else if (o.interp.ceval_gil != kAbsent) {
        auto gil = memory.value<uint64_t>(t.interp + o.interp.ceval_gil);
        if (gil && *gil && binaries.isMapped(*gil)) {
            t.gilSource = GilSource::GilState;
            t.gilState = *gil;
        }
    }
    return t;
}

} // namespace spyglass::cpython
