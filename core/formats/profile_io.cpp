#include "core/formats/profile_io.h"

// Placeholder dispatch until the readers and writers land; replaced by the formats work.
namespace spyglass {

std::string_view fileFormatName(FileFormat f) {
    switch (f) {
    case FileFormat::Spyglass: return "spyglass";
    case FileFormat::Speedscope: return "speedscope";
    case FileFormat::Collapsed: return "collapsed";
    case FileFormat::Austin: return "austin";
    case FileFormat::Svg: return "svg";
    case FileFormat::Unknown: break;
    }
    return "unknown";
}

FileFormat parseFileFormat(std::string_view n) {
    if (n == "spyglass") return FileFormat::Spyglass;
    if (n == "speedscope") return FileFormat::Speedscope;
    if (n == "collapsed" || n == "raw") return FileFormat::Collapsed;
    if (n == "austin") return FileFormat::Austin;
    if (n == "svg" || n == "flamegraph") return FileFormat::Svg;
    return FileFormat::Unknown;
}

FileFormat formatFromExtension(std::string_view path) { return FileFormat::Unknown; }
FileFormat detectFormat(std::string_view head) { return FileFormat::Unknown; }

Result<std::unique_ptr<Profile>> readProfileFile(const std::string& path, const ReadOptions&) {
    return makeError(path + ": reading is not built yet");
}
Result<std::unique_ptr<Profile>> readProfileData(std::string_view, std::string_view name, const ReadOptions&) {
    return makeError(std::string(name) + ": reading is not built yet");
}
Result<void> writeProfileFile(const Profile&, const std::string& path, FileFormat, const WriteOptions&) {
    return makeError(path + ": writing is not built yet");
}

} // namespace spyglass
