#pragma once
// What a stack is made of: functions (name + file + kind, with the package they belong to) and
// frames (a function at a line).
#include <cstdint>
#include <string_view>

#include "core/model/string_table.h"

namespace spyglass {

using FunctionId = uint32_t;
using FrameId = uint32_t;
using StackId = uint32_t;
using ThreadIndex = uint32_t;

inline constexpr StackId kNoStack = UINT32_MAX;

enum class FrameKind : uint8_t {
    Python = 0,
    Native = 1,
    Idle = 2,    // a pseudo-frame for a thread that was off CPU
    GilWait = 3, // a pseudo-frame for a thread waiting for the GIL
    Thread = 4,  // a pseudo-frame naming a thread or process at the root of a stack
    Other = 5,   // a frame from a non-Python profile (perf, Chrome, ...)
};
std::string_view frameKindName(FrameKind kind);
bool parseFrameKind(std::string_view name, FrameKind& kind);

// Where a function's code comes from; the views color by it and "my code only" folds by it.
enum class PackageCategory : uint8_t {
    User = 0,
    StandardLibrary = 1,
    ThirdParty = 2, // site-packages / dist-packages
    Native = 3,
    Idle = 4,
    Unknown = 5,
};
std::string_view packageCategoryName(PackageCategory category);

struct Function {
    StringId name = 0;   // qualified name where known
    StringId file = 0;   // as recorded; empty for native code without file
    StringId module = 0; // dotted module ("json.decoder") or shared object name
    StringId package = 0; // top-level package ("json"), what "my code only" folds to
    FrameKind kind = FrameKind::Python;
    PackageCategory category = PackageCategory::Unknown;
};

struct Frame {
    FunctionId function = 0;
    uint32_t line = 0; // 0 when unknown
};

struct StackNode {
    StackId parent = kNoStack; // towards the root
    FrameId frame = 0;
    uint32_t depth = 0; // 1 for a root frame
};

} // namespace spyglass
