#pragma once
// Paints a flamegraph model into any QPainter (the widget, an image for PNG export, the sandwich
// halves). One rectangle per folded block, so the cost follows the pixels, not the profile.
#include <QColor>
#include <QFont>
#include <QPainter>
#include <QRect>
#include <utility>
#include <vector>

#include "widgets/flamegraph/flame_fold.h"
#include "widgets/flamegraph/flame_model.h"
#include "widgets/flamegraph/flame_search.h"

namespace spyglass {

struct FlamePaintState {
    const FlameModel* model = nullptr;
    const FlameSearch* search = nullptr; // null or invalid: no search active
    FlameViewport viewport;
    bool rootAtBottom = true; // flame; false: icicle
    int rowHeight = 18;
    double scrollPx = 0; // how far the rows are scrolled away from the root edge
    FlameNode selected;
    bool hasHover = false;
    FlameBlock hover; // the block under the mouse
    bool hasFocus = false;
    QColor focusColor = QColor(0x30, 0x60, 0xe0);
    QColor background = Qt::white;
};

class FlameRenderer {
public:
    // The top edge of row `depth` within an area `height` pixels tall.
    static double rowTop(const FlamePaintState& s, uint32_t depth, int height);
    // The row at y, or -1 above / below all rows.
    static int depthAt(const FlamePaintState& s, double y, int height);
    // Rows [first, last) that reach into an area `height` pixels tall.
    static std::pair<uint32_t, uint32_t> visibleRows(const FlamePaintState& s, int height);
    // The pixel rectangle of a frame, relative to the area's top-left corner.
    static QRectF frameRect(const FlamePaintState& s, FlameNode n, int height);

    void paint(QPainter& painter, const QRect& area, const FlamePaintState& s);
    // The blocks of the last paint, all rows, in paint order.
    const std::vector<FlameBlock>& lastBlocks() const { return blocks_; }
    // Call when the model changes: cached label widths and blocks belong to one model.
    void invalidateText() {
        measuredModel_ = nullptr;
        foldedFor_ = {};
    }

private:
    void paintLabel(QPainter& painter, const QFontMetricsF& fm, const QRectF& rect,
                    uint32_t label, const QString& text, bool dim);

    // The blocks are folded again only when the viewport or the rows change: a repaint for the
    // hover outline or the selection reuses them.
    struct FoldKey {
        const FlameModel* model = nullptr;
        double x0 = 0, x1 = 0, widthPx = 0, foldPx = 0;
        uint32_t firstRow = 0, lastRow = 0;
        bool operator==(const FoldKey&) const = default;
    };
    FoldKey foldedFor_;
    std::vector<FlameBlock> blocks_;
    const FlameModel* measuredModel_ = nullptr; // textWidth_ belongs to this model and font
    QFont measuredFont_;
    std::vector<float> textWidth_;
    std::vector<std::pair<int, QString>> elided_; // per label: room in pixels, elided text
};

} // namespace spyglass
