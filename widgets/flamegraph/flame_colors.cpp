#include "widgets/flamegraph/flame_colors.h"

#include <QCoreApplication>
#include <algorithm>

namespace spyglass {

namespace {

struct Band {
    int hue;       // degrees
    int hueSpread; // +- degrees
    int saturation, saturationSpread;
    int lightness, lightnessSpread;
};

// Warm for the user's own code so it stands out; cool blues for the standard library, greens for
// third-party packages, violet for native code, gray for idle.
Band bandOf(PackageCategory category) {
    switch (category) {
    case PackageCategory::User: return {22, 14, 200, 40, 150, 25};
    case PackageCategory::StandardLibrary: return {210, 14, 120, 40, 170, 22};
    case PackageCategory::ThirdParty: return {115, 22, 110, 40, 160, 22};
    case PackageCategory::Native: return {275, 16, 95, 35, 170, 20};
    case PackageCategory::Idle: return {0, 0, 0, 0, 205, 12};
    case PackageCategory::Unknown: return {48, 8, 110, 30, 170, 20};
    }
    return {0, 0, 0, 0, 180, 0};
}

int spread(uint64_t bits, int range) {
    if (range == 0) return 0;
    return static_cast<int>(bits % static_cast<uint64_t>(2 * range + 1)) - range;
}

} // namespace

uint64_t FlameColors::stableHash(std::string_view name) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : name) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

QColor FlameColors::frameColor(PackageCategory category, std::string_view name) {
    const Band b = bandOf(category);
    const uint64_t h = stableHash(name);
    const int hue = (b.hue + spread(h & 0xffff, b.hueSpread) + 360) % 360;
    const int sat = std::clamp(b.saturation + spread((h >> 16) & 0xffff, b.saturationSpread), 0, 255);
    const int light = std::clamp(b.lightness + spread((h >> 32) & 0xffff, b.lightnessSpread), 0, 255);
    return QColor::fromHsl(hue, sat, light);
}

QColor FlameColors::categoryColor(PackageCategory category) {
    const Band b = bandOf(category);
    return QColor::fromHsl(b.hue, b.saturation, b.lightness);
}

QString FlameColors::categoryLabel(PackageCategory category) {
    switch (category) {
    case PackageCategory::User: return QCoreApplication::translate("FlameColors", "Your code");
    case PackageCategory::StandardLibrary:
        return QCoreApplication::translate("FlameColors", "Standard library");
    case PackageCategory::ThirdParty:
        return QCoreApplication::translate("FlameColors", "Third-party (site-packages)");
    case PackageCategory::Native: return QCoreApplication::translate("FlameColors", "Native");
    case PackageCategory::Idle: return QCoreApplication::translate("FlameColors", "Idle");
    case PackageCategory::Unknown: return QCoreApplication::translate("FlameColors", "Other");
    }
    return {};
}

QColor FlameColors::rootColor() { return QColor(0x9a, 0xa5, 0xb1); }
QColor FlameColors::foldedColor() { return QColor(0xa3, 0xa3, 0xa3); } // darker than idle
QColor FlameColors::highlightColor() { return QColor(0xd0, 0x10, 0xb0); }

QColor FlameColors::dimmed(QColor color) {
    const QColor base(0xf2, 0xf2, 0xf2);
    return QColor((color.red() + 3 * base.red()) / 4, (color.green() + 3 * base.green()) / 4,
                  (color.blue() + 3 * base.blue()) / 4);
}

} // namespace spyglass
