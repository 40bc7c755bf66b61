#pragma once
// Tells from a frame's file where its code comes from: the user's own code, the standard library,
// a third-party package or native code. Drives coloring and "my code only".
#include <string>
#include <string_view>

#include "core/model/frame.h"

namespace spyglass {

struct PackageInfo {
    std::string module;  // "json.decoder", "numpy.core._methods", "app", "libc.so.6"
    std::string package; // "json", "numpy", "app", "libc.so.6"
    PackageCategory category = PackageCategory::Unknown;
};

PackageInfo classifyPackage(std::string_view file, FrameKind kind);

} // namespace spyglass
