#pragma once
// Frame colors: one hue band per package category (user code, standard library, third-party,
// native, idle), and within the band a shade picked by a hash of the function's name, so the same
// function keeps its color from one run (and one machine) to the next.
#include <QColor>
#include <QString>
#include <string_view>

#include "core/model/frame.h"

namespace spyglass {

class FlameColors {
public:
    // The shade of `name` within `category`'s band. Deterministic: FNV-1a of the UTF-8 bytes.
    static QColor frameColor(PackageCategory category, std::string_view name);
    // The band's middle shade, for legends.
    static QColor categoryColor(PackageCategory category);
    static QString categoryLabel(PackageCategory category); // translated
    static QColor rootColor();
    static QColor foldedColor(); // blocks of frames too narrow to paint one by one
    static QColor highlightColor(); // search matches' outline
    // Faded version of a color, for frames that do not match an active search.
    static QColor dimmed(QColor color);

    static uint64_t stableHash(std::string_view name);
};

} // namespace spyglass
