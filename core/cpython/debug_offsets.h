#pragma once
// CPython 3.13+ publishes the offsets a debugger needs in a _Py_DebugOffsets structure at the very
// start of _PyRuntime (cookie "xdebugpy"). The reader takes its offsets from there, so a patch
// release or a build with a different layout is read correctly without a table entry.
#include <cstdint>
#include <span>

#include "core/cpython/offsets.h"
#include "core/model/result.h"
#include "core/process/process_memory.h"

namespace spyglass::cpython {

// The 3.13 layout of _Py_DebugOffsets, as 8-byte words after the 8-byte cookie.
struct DebugOffsets313 {
    uint64_t version = 0; // PY_VERSION_HEX
    uint64_t freeThreaded = 0;
    PyOffsets offsets; // the fields _Py_DebugOffsets covers; others keep the base's values
};



// Parses the raw bytes at _PyRuntime over `base` (the generated table of the same minor version,
// for fields _Py_DebugOffsets does not cover). Unsupported when the cookie is missing or the
// version is not a 3.13.
Result<DebugOffsets313> parseDebugOffsets313(std::span<const uint8_t> raw, const PyOffsets& base);

Result<DebugOffsets313> readDebugOffsets(const process::ProcessMemory& memory, uint64_t runtimeAddress,
                                         const PyOffsets& base);

} // namespace spyglass::cpython
