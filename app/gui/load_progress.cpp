#include "app/gui/load_progress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace spyglass::gui {

LoadProgress::LoadProgress(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    label_ = new QLabel(this);
    bar_ = new QProgressBar(this);
    bar_->setRange(0, 1000);
    bar_->setMaximumWidth(220);
    bar_->setTextVisible(true);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop loading this file"));
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, this, &LoadProgress::cancelRequested);
    delay_.setSingleShot(true);
    delay_.setInterval(kShowAfterMs);
    connect(&delay_, &QTimer::timeout, this, &QWidget::show);
    hide();
}

void LoadProgress::start(const QString& fileName) {
    label_->setText(tr("Loading %1…").arg(fileName));
    bar_->setValue(0);
    bar_->setFormat(QStringLiteral("%p %"));
    delay_.start();
}

void LoadProgress::setProgress(double share) { bar_->setValue(static_cast<int>(share * 1000)); }

void LoadProgress::finish() {
    delay_.stop();
    hide();
}

} // namespace spyglass::gui
