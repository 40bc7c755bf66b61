#pragma once
// Everything the stack reader learns once at attach time: the version, the offsets for it, where
// the interpreter state and the GIL state live, and the addresses of the type objects.
#include <cstdint>
#include <string>

#include "core/cpython/object_reader.h"
#include "core/cpython/offsets.h"
#include "core/cpython/python_binary.h"
#include "core/model/result.h"
#include "core/process/process_memory.h"

namespace spyglass::cpython {

enum class GilSource {
    None,          // unknown: holdsGil stays false
    CurrentTstate, // *(currentTstatePointer) is the holder (2.7–3.11: NULL while released)
    GilState,      // 3.12+: gil->locked && gil->last_holder
};

struct PythonTarget {
    PythonVersion version;
    PyOffsets offsets;
    TypeAddresses types;
    uint64_t runtime = 0;    // _PyRuntime (3.7+), 0 before
    uint64_t interp = 0;     // the main PyInterpreterState
    uint64_t interpHeadPointer = 0; // where the interpreter list head is stored
    GilSource gilSource = GilSource::None;
    uint64_t currentTstatePointer = 0; // GilSource::CurrentTstate
    uint64_t gilState = 0;             // GilSource::GilState: the _gil_runtime_state
    bool foundByScan = false; // the interpreter was found by scanning memory, not by symbol
    std::string runtimePath;
    std::string note; // how it was found, for `spyglass dump` and error messages
};

// Reads the version, picks the offsets (3.13+: the target's _Py_DebugOffsets) and finds the
// interpreter state: _PyRuntime (3.7+) or interp_head (2.7, 3.6) symbols, the .PyRuntime section
// when symbols are missing, and as the documented last resort a scan of .PyRuntime, .data and .bss
// for a pointer to a structure that validates as an interpreter state (its first thread state
// points back to it).
Result<PythonTarget> locatePythonTarget(const PythonBinaries& binaries, const process::ProcessMemory& memory);

// The fallback alone (exposed for tests): the address of the word in .PyRuntime/.data/.bss that
// points to a valid interpreter state, or 0.
uint64_t scanForInterpreter(const process::ProcessMemory& memory, const PythonBinaries& binaries,
                            const PyOffsets& offsets);

} // namespace spyglass::cpython
