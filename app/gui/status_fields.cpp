#include "app/gui/status_fields.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"

namespace spyglass::gui {

StatusFields::StatusFields(QStatusBar* bar, ui::ProfileDocument* document) : QObject(bar), document_(document) {
    auto make = [bar](const QString& tip) {
        auto* label = new QLabel(bar);
        label->setToolTip(tip);
        bar->addPermanentWidget(label);
        return label;
    };
    samples_ = make(tr("Samples in the profile (and kept by the filters)"));
    duration_ = make(tr("Recorded duration"));
    threads_ = make(tr("Threads with samples"));
    rate_ = make(tr("Sampling rate"));
    python_ = make(tr("Python version of the profiled program"));
    file_ = make(tr("Profile file"));
    connect(document_, &ui::ProfileDocument::overviewReady, this, &StatusFields::refresh);
    connect(document_, &ui::ProfileDocument::resultsReady, this, &StatusFields::refresh);
    connect(document_, &ui::ProfileDocument::profileChanged, this, &StatusFields::refresh);
    refresh();
}

QString StatusFields::text() const {
    QStringList parts;
    for (QLabel* l : {file_, samples_, duration_, threads_, rate_, python_})
        if (!l->text().isEmpty()) parts << l->text();
    return parts.join(QStringLiteral(" | "));
}

void StatusFields::refresh() {
    const auto overview = document_->overview();
    if (!document_->hasProfile() || !overview) {
        for (QLabel* l : {file_, samples_, duration_, threads_, rate_, python_}) l->clear();
        if (document_->hasProfile()) samples_->setText(tr("Computing…"));
        return;
    }
    const ProfileMetadata meta = document_->profile()->metadata();
    const ProfileSummary& s = overview->summary;
    const QLocale locale;
    file_->setText(document_->filePath().isEmpty() ? tr("live") : QFileInfo(document_->filePath()).fileName());
    file_->setToolTip(document_->filePath());
    // Formats that merge identical stacks store one record with a count: show the count.
    const Profile& profile = *document_->profile();
    const bool counted = profile.metrics()[0].unit == MetricUnit::Samples;
    QString samples = tr("%1 samples").arg(locale.toString(static_cast<qlonglong>(counted ? s.totalWeight : int64_t(s.samples))));
    if (const auto r = document_->results(); r && r->filter != SampleFilter{})
        samples += tr(" (%1 kept)").arg(ui::formatPercent(r->totalWeight(), r->unfilteredWeight));
    samples_->setText(samples);
    const bool timed = overview->activity.hasTime() && s.durationNs > 0;
    duration_->setText(timed ? ui::formatDuration(s.durationNs) : tr("no timing"));
    threads_->setText(tr("%n thread(s)", nullptr, static_cast<int>(overview->snapshot.threads)));
    if (meta.samplingRateHz > 0) {
        rate_->setText(tr("%1 Hz").arg(locale.toString(meta.samplingRateHz, 'f', 0)));
    } else if (timed && counted && s.totalWeight > 1) {
        const double perThread = double(s.totalWeight) / std::max<size_t>(1, overview->snapshot.threads);
        rate_->setText(tr("≈ %1 Hz").arg(locale.toString(perThread / (s.durationNs / 1e9), 'f', 0)));
    } else {
        rate_->setText(tr("rate unknown"));
    }
    python_->setText(meta.pythonVersion.empty() ? tr("Python ?")
                                                : tr("Python %1").arg(QString::fromStdString(meta.pythonVersion)));
}

} // namespace spyglass::gui
