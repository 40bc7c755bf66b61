#include "core/model/package_classifier.h"

#include <cctype>

namespace spyglass {

namespace {

std::string_view stripSuffix(std::string_view s, std::string_view suffix) {
    if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix)
        s.remove_suffix(suffix.size());
    return s;
}

std::string_view baseName(std::string_view path) {
    const size_t slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "json/decoder.py" -> "json.decoder"; "pkg/__init__.py" -> "pkg".
std::string dottedModule(std::string_view relative) {
    relative = stripSuffix(relative, ".py");
    relative = stripSuffix(relative, ".pyc");
    relative = stripSuffix(relative, "/__init__");
    std::string out(relative);
    for (char& c : out)
        if (c == '/' || c == '\\') c = '.';
    return out;
}

std::string firstComponent(const std::string& dotted) {
    const size_t dot = dotted.find('.');
    return dot == std::string::npos ? dotted : dotted.substr(0, dot);
}

// Finds "/lib/pythonX[.Y]/" and returns the offset just past it, or npos.
size_t stdlibRootEnd(std::string_view file) {
    size_t pos = 0;
    while ((pos = file.find("/lib/python", pos)) != std::string_view::npos) {
        size_t i = pos + 11;
        if (i < file.size() && std::isdigit(static_cast<unsigned char>(file[i]))) {
            while (i < file.size() && (std::isdigit(static_cast<unsigned char>(file[i])) || file[i] == '.'))
                ++i;
            if (i < file.size() && file[i] == '/') return i + 1;
        }
        pos += 1;
    }
    return std::string_view::npos;
}

PackageInfo fromRelative(std::string_view relative, PackageCategory category) {
    PackageInfo info;
    info.module = dottedModule(relative);
    info.package = firstComponent(info.module);
    info.category = category;
    return info;
}

} // namespace

PackageInfo classifyPackage(std::string_view file, FrameKind kind) {
    switch (kind) {
    case FrameKind::Idle:
    case FrameKind::GilWait:
        return {"<idle>", "<idle>", PackageCategory::Idle};
    case FrameKind::Thread:
        return {"<thread>", "<thread>", PackageCategory::Unknown};
    case FrameKind::Native: {
        std::string lib(baseName(file));
        if (lib.empty()) lib = "<native>";
        return {lib, lib, PackageCategory::Native};
    }
    case FrameKind::Other:
    case FrameKind::Python:
        break;
    }
    if (file.empty()) return {"", "", PackageCategory::Unknown};

    // "<frozen importlib._bootstrap>" is the standard library compiled into the interpreter.
    if (file.starts_with("<frozen ") && file.ends_with(">")) {
        std::string module(file.substr(8, file.size() - 9));
        return {module, firstComponent(module), PackageCategory::StandardLibrary};
    }
    if (file.starts_with("<")) return {std::string(file), std::string(file), PackageCategory::User};

    for (std::string_view marker : {"/site-packages/", "/dist-packages/"}) {
        const size_t pos = file.rfind(marker);
        if (pos != std::string_view::npos)
            return fromRelative(file.substr(pos + marker.size()), PackageCategory::ThirdParty);
    }
    const size_t root = stdlibRootEnd(file);
    if (root != std::string_view::npos) {
        std::string_view rel = file.substr(root);
        if (rel.starts_with("lib-dynload/")) rel.remove_prefix(12);
        return fromRelative(rel, PackageCategory::StandardLibrary);
    }
    if (file.ends_with(".so") || file.find(".so.") != std::string_view::npos) {
        std::string lib(baseName(file));
        return {lib, lib, PackageCategory::Native};
    }
    std::string module = dottedModule(baseName(file));
    return {module, module, kind == FrameKind::Other ? PackageCategory::Unknown : PackageCategory::User};
}

} // namespace spyglass
