#include "widgets/common/heat_colors.h"

#include <algorithm>
#include <cmath>

namespace spyglass::ui {

namespace {

struct Stop {
    double at;
    int r, g, b;
};
// Yellow to orange to red, like most heat maps; pale at the low end so cold lines stay readable.
constexpr Stop kStops[] = {
    {0.0, 255, 247, 204}, {0.35, 254, 217, 118}, {0.65, 253, 141, 60}, {1.0, 215, 25, 28}};

} // namespace

QColor heatColor(double share) {
    if (!(share > 0)) return QColor(0, 0, 0, 0);
    // A square root spreads the small shares, which are most lines, over more of the scale.
    const double x = std::sqrt(std::clamp(share, 0.0, 1.0));
    for (size_t i = 1; i < std::size(kStops); ++i) {
        if (x > kStops[i].at) continue;
        const Stop& a = kStops[i - 1];
        const Stop& b = kStops[i];
        const double t = (x - a.at) / (b.at - a.at);
        return QColor(int(a.r + t * (b.r - a.r)), int(a.g + t * (b.g - a.g)), int(a.b + t * (b.b - a.b)));
    }
    return QColor(kStops[3].r, kStops[3].g, kStops[3].b);
}

QColor heatTextColor(double share) {
    return std::sqrt(std::clamp(share, 0.0, 1.0)) > 0.75 ? QColor(Qt::white) : QColor(Qt::black);
}

} // namespace spyglass::ui
