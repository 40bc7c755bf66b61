#include "widgets/filter/filter_chips_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include "widgets/filter/filter_stack.h"

namespace spyglass::ui {

namespace {

// Rounded pills in the palette's highlight color, so they read as removable tags.
const char* kChipStyle =
    "QToolButton { border: 1px solid palette(highlight); border-radius: 9px; padding: 1px 8px;"
    " background: palette(alternate-base); }"
    "QToolButton:hover, QToolButton:focus { background: palette(highlight);"
    " color: palette(highlighted-text); }";

} // namespace

FilterChipsBar::FilterChipsBar(FilterStack* filters, QWidget* parent)
    : QWidget(parent), filters_(filters) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("Filters:"), this);
    layout->addWidget(title);
    chipLayout_ = new QHBoxLayout;
    chipLayout_->setSpacing(4);
    layout->addLayout(chipLayout_);
    hint_ = new QLabel(tr("none — drag on the timeline, choose threads or right-click a function"), this);
    hint_->setEnabled(false);
    layout->addWidget(hint_);
    layout->addStretch(1);
    summary_ = new QLabel(this);
    layout->addWidget(summary_);
    clearAll_ = new QToolButton(this);
    clearAll_->setText(tr("Clear all"));
    clearAll_->setToolTip(tr("Remove every filter"));
    connect(clearAll_, &QToolButton::clicked, filters_, &FilterStack::clear);
    layout->addWidget(clearAll_);
    connect(filters_, &FilterStack::changed, this, &FilterChipsBar::rebuild);
    rebuild();
}

void FilterChipsBar::setSummary(const QString& text) { summary_->setText(text); }

void FilterChipsBar::rebuild() {
    // Later, not now: the chip being removed may be the one whose click got us here.
    for (QToolButton* chip : chips_) {
        chipLayout_->removeWidget(chip);
        chip->hide();
        chip->deleteLater();
    }
    chips_.clear();
    const auto& entries = filters_->entries();
    for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
        auto* chip = new QToolButton(this);
        chip->setText(entries[i].label + QStringLiteral("  ✕"));
        chip->setToolTip(i + 1 == static_cast<int>(entries.size())
                             ? tr("Remove this filter (Esc removes the newest)")
                             : tr("Remove this filter"));
        chip->setAccessibleName(tr("Remove filter %1").arg(entries[i].label));
        chip->setStyleSheet(QString::fromLatin1(kChipStyle));
        chip->setFocusPolicy(Qt::TabFocus);
        connect(chip, &QToolButton::clicked, this, [this, i] { filters_->removeAt(i); });
        chipLayout_->addWidget(chip);
        chip->show(); // children added to a shown widget stay hidden until shown
        chips_.push_back(chip);
    }
    hint_->setVisible(entries.empty());
    clearAll_->setEnabled(!entries.empty());
}

} // namespace spyglass::ui
