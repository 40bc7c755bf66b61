#pragma once
// Local variables of a frame for `spyglass dump --locals`: names from co_varnames (≤3.10) or
// co_localsplusnames (3.11+), values from the frame's f_localsplus / localsplus, shown when simple
// (int, float, short str, None, bool) and as <type> otherwise.
#include <string>
#include <vector>

#include "core/cpython/python_stack_reader.h"

namespace spyglass::cpython {

struct LocalVariable {
    std::string name;
    std::string value;
};

std::vector<LocalVariable> readFrameLocals(PythonStackReader& reader, const RawFrame& frame);

} // namespace spyglass::cpython
