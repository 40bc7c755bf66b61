#include "widgets/source/source_editor.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>
#include <algorithm>

#include "widgets/common/formatting.h"
#include "widgets/common/heat_colors.h"

namespace spyglass::ui {

class SourceGutter : public QWidget {
public:
    explicit SourceGutter(SourceEditor* editor) : QWidget(editor), editor_(editor) {}
    QSize sizeHint() const override { return {editor_->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { editor_->paintGutter(event); }
    bool event(QEvent* e) override {
        if (e->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(e);
            const QString tip = editor_->gutterToolTip(help->pos().y());
            if (tip.isEmpty()) QToolTip::hideText();
            else QToolTip::showText(help->globalPos(), tip, this);
            return true;
        }
        return QWidget::event(e);
    }

private:
    SourceEditor* editor_;
};

namespace {
constexpr int kPad = 6;
}

SourceEditor::SourceEditor(QWidget* parent) : QPlainTextEdit(parent), gutter_(new SourceGutter(this)) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(gutterWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy) gutter_->scroll(0, dy);
        else gutter_->update(0, rect.y(), gutter_->width(), rect.height());
    });
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

int SourceEditor::gutterWidth() const {
    const QFontMetrics fm(font());
    const int digits = std::max(3, static_cast<int>(QString::number(std::max(1, blockCount())).size()));
    // line number | samples | percent
    return kPad + fm.horizontalAdvance(QLatin1Char('9')) * digits + kPad +
           samplesWidth() + kPad + fm.horizontalAdvance(QStringLiteral("100.0 %")) + kPad;
}

int SourceEditor::samplesWidth() const {
    // As wide as the widest value shown ("999,999", "174.1 ms"), so no value is cut.
    if (samplesWidth_ < 0) {
        const QFontMetrics fm(font());
        int width = fm.horizontalAdvance(QStringLiteral("9,999"));
        for (const LineHeat& h : heat_)
            if (h.total > 0) width = std::max(width, fm.horizontalAdvance(formatWeight(h.total, unit_)));
        samplesWidth_ = width;
    }
    return samplesWidth_;
}

void SourceEditor::showEvent(QShowEvent* event) {
    QPlainTextEdit::showEvent(event);
    if (centerOnShow_) {
        centerOnShow_ = false;
        centerCursor();
    }
}

void SourceEditor::resizeEvent(QResizeEvent* event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    gutter_->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

LineHeat SourceEditor::heatAt(int line) const {
    return line > 0 && line < static_cast<int>(heat_.size()) ? heat_[line] : LineHeat{};
}

void SourceEditor::setHeat(std::vector<LineHeat> heat, int64_t totalWeight, MetricUnit unit) {
    heat_ = std::move(heat);
    samplesWidth_ = -1;
    totalWeight_ = totalWeight;
    unit_ = unit;
    hottest_ = 0;
    for (const LineHeat& h : heat_) hottest_ = std::max(hottest_, h.total);
    setViewportMargins(gutterWidth(), 0, 0, 0);
    updateLineTints();
    gutter_->update();
}

void SourceEditor::goToLine(int line) {
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid()) return;
    highlighted_ = line;
    QTextCursor cursor(block);
    setTextCursor(cursor);
    centerCursor();
    // A hidden editor has no height to center in yet: center again when it is shown.
    centerOnShow_ = !isVisible();
    updateLineTints();
}

void SourceEditor::updateLineTints() {
    QList<QTextEdit::ExtraSelection> tints;
    for (int line = 1; line < static_cast<int>(heat_.size()); ++line) {
        if (heat_[line].total <= 0 && line != highlighted_) continue;
        QTextEdit::ExtraSelection s;
        QColor c = heatColor(hottest_ ? double(heat_[line].total) / hottest_ : 0);
        c.setAlpha(110); // a tint: the code must stay readable
        if (line == highlighted_) {
            s.format.setProperty(QTextFormat::OutlinePen, QPen(palette().highlight(), 1));
            if (heat_[line].total <= 0) c = palette().alternateBase().color();
        }
        s.format.setBackground(c);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        const QTextBlock block = document()->findBlockByNumber(line - 1);
        if (!block.isValid()) break; // lines past the end: the file is shorter than the profile says
        s.cursor = QTextCursor(block);
        tints.push_back(s);
    }
    setExtraSelections(tints);
}

void SourceEditor::paintGutter(QPaintEvent* event) {
    QPainter painter(gutter_);
    painter.fillRect(event->rect(), palette().window());
    const QFontMetrics fm(font());
    painter.setFont(font());
    const int digits = std::max(3, static_cast<int>(QString::number(std::max(1, blockCount())).size()));
    const int numberRight = kPad + fm.horizontalAdvance(QLatin1Char('9')) * digits;
    const int samplesLeft = numberRight + kPad / 2;
    const int samplesRight = numberRight + kPad + samplesWidth();
    const int percentRight = gutter_->width() - kPad;

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        const int height = qRound(blockBoundingRect(block).height());
        const int line = block.blockNumber() + 1;
        if (block.isVisible() && top + height >= event->rect().top()) {
            const LineHeat h = heatAt(line);
            const QRect row(0, top, gutter_->width(), height);
            if (h.total > 0) {
                const double share = hottest_ ? double(h.total) / hottest_ : 0;
                painter.fillRect(QRect(samplesLeft, top, gutter_->width() - samplesLeft, height), heatColor(share));
                painter.setPen(heatTextColor(share));
                painter.drawText(QRect(samplesLeft, top, samplesRight - samplesLeft, height),
                                 Qt::AlignRight | Qt::AlignVCenter, formatWeight(h.total, unit_));
                painter.drawText(QRect(samplesRight, top, percentRight - samplesRight, height),
                                 Qt::AlignRight | Qt::AlignVCenter, formatPercent(h.total, totalWeight_));
            }
            painter.setPen(line == highlighted_ ? palette().color(QPalette::Text)
                                                : palette().color(QPalette::PlaceholderText));
            painter.drawText(QRect(0, row.top(), numberRight, height), Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(line));
        }
        block = block.next();
        top += height;
    }
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(gutter_->width() - 1, event->rect().top(), gutter_->width() - 1, event->rect().bottom());
}

QString SourceEditor::gutterToolTip(int y) const {
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid()) {
        const int height = qRound(blockBoundingRect(block).height());
        if (y >= top && y < top + height) {
            const int line = block.blockNumber() + 1;
            const LineHeat h = heatAt(line);
            if (h.total <= 0) return {};
            return tr("Line %1\nOn the stack: %2 (%3)\nInnermost: %4 (%5)")
                .arg(line)
                .arg(formatWeight(h.total, unit_), formatPercent(h.total, totalWeight_),
                     formatWeight(h.self, unit_), formatPercent(h.self, totalWeight_));
        }
        if (top > y) break;
        block = block.next();
        top += height;
    }
    return {};
}

} // namespace spyglass::ui
