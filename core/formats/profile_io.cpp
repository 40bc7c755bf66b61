#include "core/formats/profile_io.h"

#include <algorithm>
#include <cctype>

#include "core/formats/format_registry.h"

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

FileFormat formatFromExtension(std::string_view path) {
    std::string lower(path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    auto ends = [&](std::string_view s) { return lower.ends_with(s); };
    if (ends(".spyglass") || ends(".spy")) return FileFormat::Spyglass;
    if (ends(".json")) return FileFormat::Speedscope;
    if (ends(".svg")) return FileFormat::Svg;
    if (ends(".txt") || ends(".folded") || ends(".collapsed") || ends(".raw")) return FileFormat::Collapsed;
    if (ends(".austin")) return FileFormat::Austin;
    return FileFormat::Unknown;
}

FileFormat detectFormat(std::string_view head) {
    if (head.starts_with(kSpyglassMagic)) return FileFormat::Spyglass;
    if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
    size_t i = 0;
    while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    if (i < head.size() && head[i] == '{') return FileFormat::Speedscope;
    if (head.starts_with("# austin:")) return FileFormat::Austin;
    // Austin text without its header: lines start with "P<pid>;T<iid>:<tid>".
    if (head.size() > 2 && head[0] == 'P' && std::isdigit(static_cast<unsigned char>(head[1]))) {
        const size_t semi = head.find(';');
        if (semi != std::string_view::npos && semi + 1 < head.size() && head[semi + 1] == 'T')
            return FileFormat::Austin;
    }
    return FileFormat::Collapsed;
}

namespace {

Result<std::unique_ptr<Profile>> readFrom(InputSource& in, const ReadOptions& options) {
    char head[4096];
    size_t got = 0;
    while (got < sizeof head) {
        auto n = in.read(head + got, sizeof head - got);
        if (!n) return n.error();
        if (*n == 0) break;
        got += *n;
    }
    if (auto r = in.rewind(); !r) return r.error();
    const FileFormat format = detectFormat(std::string_view(head, got));
    Result<std::unique_ptr<Profile>> result = makeError("");
    switch (format) {
    case FileFormat::Spyglass: result = readSpyglass(in, options); break;
    case FileFormat::Speedscope: result = readSpeedscope(in, options); break;
    case FileFormat::Austin: result = readAustin(in, options); break;
    default: result = readCollapsed(in, options); break;
    }
    if (result) {
        ProfileMetadata meta = (*result)->metadata();
        meta.sourceFormat = std::string(fileFormatName(format));
        meta.sourcePath = in.name();
        (*result)->setMetadata(std::move(meta));
    }
    return result;
}

} // namespace

Result<std::unique_ptr<Profile>> readProfileFile(const std::string& path, const ReadOptions& options) {
    auto in = InputSource::openFile(path);
    if (!in) return in.error();
    return readFrom(**in, options);
}

Result<std::unique_ptr<Profile>> readProfileData(std::string_view data, std::string_view name,
                                                 const ReadOptions& options) {
    auto in = InputSource::fromMemory(data, std::string(name));
    return readFrom(*in, options);
}

Result<void> writeProfileFile(const Profile& profile, const std::string& path, FileFormat format,
                              const WriteOptions& options) {
    auto sink = OutputSink::toFile(path);
    if (!sink) return sink.error();
    Result<void> written;
    switch (format) {
    case FileFormat::Spyglass: written = writeSpyglass(profile, **sink, options); break;
    case FileFormat::Speedscope: written = writeSpeedscope(profile, **sink, options); break;
    case FileFormat::Collapsed: written = writeCollapsed(profile, **sink, options); break;
    case FileFormat::Svg: written = writeSvgFlamegraph(profile, **sink, options); break;
    default: return makeError(path + ": cannot write " + std::string(fileFormatName(format)) + " files");
    }
    if (!written) return written;
    return (*sink)->commit();
}

} // namespace spyglass
