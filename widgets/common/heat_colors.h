#pragma once
// The heat scale the source gutter and the timeline share: pale for little, deep red for most.
#include <QColor>

namespace spyglass::ui {

// share in [0, 1] of the hottest value; 0 gives a transparent color.
QColor heatColor(double share);
// A color readable on top of heatColor(share).
QColor heatTextColor(double share);

} // namespace spyglass::ui
