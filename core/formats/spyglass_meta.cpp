#include "core/formats/spyglass_meta.h"

#include <bit>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/formats/json_text.h"
#include "core/formats/spyglass_format.h"

namespace spyglass::spyfmt {

std::string_view sectionName(uint32_t t) {
    switch (t) {
    case kMeta: return "metadata";
    case kStrings: return "strings";
    case kFunctions: return "functions";
    case kFrames: return "frames";
    case kStacks: return "stacks";
    case kThreads: return "threads";
    case kSamples: return "samples";
    case kEnd: return "end";
    default: return "unknown";
    }
}

namespace {

using nlohmann::json;

constexpr size_t kMaxMetaDepth = 8;
constexpr size_t kMaxMetrics = 64;

// Text that may hold any bytes (a command line is whatever argv held): JSON strings carry UTF-8
// only, so anything else goes as hex.
json textValue(const std::string& s) {
    if (isValidUtf8(s)) return s;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : s) {
        hex.push_back(kHex[c >> 4]);
        hex.push_back(kHex[c & 15]);
    }
    return json{{"hex", hex}};
}

bool readText(const json& j, std::string& out) {
    if (j.is_string()) {
        out = j.get<std::string>();
        return true;
    }
    if (!j.is_object() || !j.contains("hex") || !j["hex"].is_string()) return false;
    const std::string& hex = j["hex"].get_ref<const std::string&>();
    if (hex.size() % 2) return false;
    out.clear();
    auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

// nlohmann writes NaN and infinities as null; keep their bits instead.
json doubleValue(double v) {
    if (std::isfinite(v)) return v;
    return json{{"bits", std::bit_cast<uint64_t>(v)}};
}

bool readDouble(const json& j, double& out) {
    if (j.is_number()) {
        out = j.get<double>();
        return true;
    }
    if (j.is_object() && j.contains("bits") && j["bits"].is_number_unsigned()) {
        out = std::bit_cast<double>(j["bits"].get<uint64_t>());
        return true;
    }
    return false;
}

template <typename Int>
bool readInt(const json& j, Int& out) {
    if (!j.is_number_integer()) return false;
    if constexpr (std::is_signed_v<Int>) {
        if (j.is_number_unsigned() && j.get<uint64_t>() > uint64_t(INT64_MAX)) return false;
        out = j.get<int64_t>();
    } else {
        if (!j.is_number_unsigned()) return false;
        out = j.get<uint64_t>();
    }
    return true;
}

// A JSON nesting depth check before parsing: nothing of ours nests deeper than a few levels.
bool shallow(std::string_view text) {
    size_t depth = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxMetaDepth) return false;
        } else if ((c == '}' || c == ']') && depth) {
            --depth;
        }
    }
    return true;
}

} // namespace

std::string encodeMeta(const MetaSection& meta) {
    json metrics = json::array();
    for (const Metric& m : meta.metrics)
        metrics.push_back({{"name", textValue(m.name)}, {"unit", metricUnitName(m.unit)}});
    const ProfileMetadata& d = meta.metadata;
    json metadata = {
        {"commandLine", textValue(d.commandLine)},   {"pid", d.pid},
        {"pythonVersion", textValue(d.pythonVersion)}, {"samplingRateHz", doubleValue(d.samplingRateHz)},
        {"startTimeUnixNs", d.startTimeUnixNs},      {"durationNs", d.durationNs},
        {"toolVersion", textValue(d.toolVersion)},   {"sourceFormat", textValue(d.sourceFormat)},
        {"sourcePath", textValue(d.sourcePath)}};
    const TableCounts& c = meta.counts;
    json counts = {{"strings", c.strings}, {"functions", c.functions}, {"frames", c.frames},
                   {"stacks", c.stacks},   {"threads", c.threads},     {"samples", c.samples}};
    json root = {{"metrics", metrics}, {"metadata", metadata}, {"counts", counts},
                 {"writer", textValue(meta.writer)}};
    return root.dump();
}

Result<MetaSection> decodeMeta(std::string_view text) {
    if (!shallow(text)) return makeError("nested too deeply");
    json root = json::parse(text.begin(), text.end(), nullptr, false);
    if (root.is_discarded() || !root.is_object()) return makeError("not a JSON object");
    MetaSection meta;
    const json& metrics = root.contains("metrics") ? root["metrics"] : json();
    if (!metrics.is_array() || metrics.empty() || metrics.size() > kMaxMetrics)
        return makeError("\"metrics\" must list 1 to " + std::to_string(kMaxMetrics) + " metrics");
    for (const json& m : metrics) {
        Metric metric;
        if (!m.is_object() || !m.contains("name") || !readText(m["name"], metric.name) ||
            !m.contains("unit") || !m["unit"].is_string() ||
            !parseMetricUnit(m["unit"].get_ref<const std::string&>(), metric.unit))
            return makeError("a metric needs a \"name\" and a known \"unit\"");
        meta.metrics.push_back(std::move(metric));
    }
    if (root.contains("metadata")) {
        const json& d = root["metadata"];
        if (!d.is_object()) return makeError("\"metadata\" must be an object");
        ProfileMetadata& m = meta.metadata;
        auto text = [&](const char* key, std::string& out) {
            return !d.contains(key) || readText(d[key], out);
        };
        auto integer = [&](const char* key, int64_t& out) { return !d.contains(key) || readInt(d[key], out); };
        if (!text("commandLine", m.commandLine) || !text("pythonVersion", m.pythonVersion) ||
            !text("toolVersion", m.toolVersion) || !text("sourceFormat", m.sourceFormat) ||
            !text("sourcePath", m.sourcePath) || !integer("pid", m.pid) ||
            !integer("startTimeUnixNs", m.startTimeUnixNs) || !integer("durationNs", m.durationNs) ||
            (d.contains("samplingRateHz") && !readDouble(d["samplingRateHz"], m.samplingRateHz)))
            return makeError("a \"metadata\" field has the wrong type");
    }
    const json& counts = root.contains("counts") ? root["counts"] : json();
    if (!counts.is_object()) return makeError("\"counts\" missing");
    TableCounts& c = meta.counts;
    for (auto [key, field] : {std::pair{"strings", &c.strings}, {"functions", &c.functions},
                              {"frames", &c.frames}, {"stacks", &c.stacks},
                              {"threads", &c.threads}, {"samples", &c.samples}})
        if (!counts.contains(key) || !readInt(counts[key], *field))
            return makeError(std::string("\"counts\" lacks \"") + key + "\"");
    if (c.strings == 0) return makeError("\"counts\": a profile has at least the empty string");
    if (root.contains("writer")) readText(root["writer"], meta.writer);
    return meta;
}

} // namespace spyglass::spyfmt
