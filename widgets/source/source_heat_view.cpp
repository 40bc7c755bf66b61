#include "widgets/source/source_heat_view.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBlock>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>

#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"
#include "widgets/source/source_editor.h"

namespace spyglass::ui {

namespace {
constexpr qint64 kMaxSourceBytes = 16 << 20; // anything larger is not a source file
}

SourceHeatView::SourceHeatView(ProfileDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    path_ = new QLabel(this);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(path_, 1);
    locate_ = new QPushButton(tr("Locate File…"), this);
    locate_->setToolTip(tr("Show where this file is on this machine; the answer is remembered for this profile"));
    bar->addWidget(locate_);
    layout->addLayout(bar);
    problem_ = new QLabel(this);
    problem_->setWordWrap(true);
    problem_->setObjectName(QStringLiteral("sourceProblem"));
    problem_->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c;"
                                           " padding: 4px; }"));
    problem_->hide();
    layout->addWidget(problem_);
    editor_ = new SourceEditor(this);
    layout->addWidget(editor_, 1);
    setFocusProxy(editor_);
    connect(locate_, &QPushButton::clicked, this, &SourceHeatView::chooseFile);
    connect(document_, &ProfileDocument::selectionDetailsReady, this, &SourceHeatView::onDetails);
    connect(document_, &ProfileDocument::profileChanged, this,
            [this] { locator_.setProfilePath(document_->filePath()); });
    locator_.setProfilePath(document_->filePath());
    onDetails();
}

QString SourceHeatView::problemText() const { return problem_->isHidden() ? QString() : problem_->text(); }

void SourceHeatView::setProblem(FileState state, const QString& text) {
    state_ = state;
    problem_->setText(text);
    problem_->setVisible(!text.isEmpty());
}

void SourceHeatView::onDetails() {
    const auto details = document_->selectionDetails();
    hottestLine_ = 0;
    if (!details) {
        recorded_.clear();
        shownPath_.clear();
        editor_->clear();
        editor_->setHeat({}, 0, MetricUnit::Samples);
        path_->setText(tr("Select a function to see its source."));
        locate_->setEnabled(false);
        setProblem(FileState::None, {});
        return;
    }
    const Profile& p = *details->profile;
    const QString recorded = QString::fromUtf8(p.functionFile(details->function));
    if (recorded.isEmpty()) {
        recorded_.clear();
        shownPath_.clear();
        editor_->clear();
        locate_->setEnabled(false);
        path_->setText(functionLabel(p, details->function));
        setProblem(FileState::NoFileRecorded, tr("The profile has no source file for %1 (native or built-in code).")
                                                   .arg(functionLabel(p, details->function)));
        return;
    }
    // Heat for every recorded line of the file; the gutter indexes it by line number.
    uint32_t maxLine = 0;
    for (const LineStat& l : details->lines.lines) maxLine = std::max(maxLine, l.line);
    std::vector<LineHeat> heat(maxLine + 1);
    for (const LineStat& l : details->lines.lines) {
        heat[l.line].self += l.self;
        heat[l.line].total = std::max(heat[l.line].total, l.total);
    }
    // The function's hottest line; a function without line numbers starts at the file's top.
    int64_t best = -1;
    for (uint32_t line : details->functionLines)
        if (line < heat.size() && heat[line].total > best) {
            best = heat[line].total;
            hottestLine_ = static_cast<int>(line);
        }
    recorded_ = recorded;
    locate_->setEnabled(true);
    if (!showFile(recorded, maxLine)) {
        editor_->setHeat({}, 0, details->unit);
        return;
    }
    editor_->setHeat(std::move(heat), details->callerCallee.totalWeight, details->unit);
    if (hottestLine_ > 0) editor_->goToLine(hottestLine_);
}

bool SourceHeatView::showFile(const QString& recorded, uint32_t maxLine) {
    const QString path = locator_.resolve(recorded);
    path_->setText(path == recorded ? path : tr("%1 (recorded as %2)").arg(path, recorded));
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        shownPath_.clear();
        editor_->clear();
        setProblem(FileState::Missing, tr("%1 is not on this machine. Use “Locate File…” to show where it is.")
                                           .arg(recorded));
        return false;
    }
    if (info.size() > kMaxSourceBytes || !file.open(QIODevice::ReadOnly)) {
        shownPath_.clear();
        editor_->clear();
        setProblem(FileState::Unreadable, tr("%1 cannot be read as a source file.").arg(path));
        return false;
    }
    // Read again when it is another file, or the same one edited since.
    if (shownPath_ != path || shownModified_ != info.lastModified() || shownSize_ != info.size()) {
        editor_->setPlainText(QString::fromUtf8(file.readAll()));
        shownPath_ = path;
        shownModified_ = info.lastModified();
        shownSize_ = info.size();
    }
    // A final newline ends the last line; it does not start another.
    const int lines = editor_->blockCount() - (editor_->document()->lastBlock().text().isEmpty() ? 1 : 0);
    const int64_t startNs = document_->profile() ? document_->profile()->metadata().startTimeUnixNs : 0;
    const QDateTime recordedAt = QDateTime::fromMSecsSinceEpoch(startNs / 1000000);
    if (maxLine > static_cast<uint32_t>(lines)) {
        setProblem(FileState::TooShort, tr("This file has %1 lines, but the profile has samples at line %2: "
                                           "it is not the version that was profiled.")
                                            .arg(lines)
                                            .arg(maxLine));
    } else if (startNs > 0 && info.lastModified() > recordedAt) {
        setProblem(FileState::Changed, tr("This file changed on %1, after the profile was recorded (%2); "
                                          "the lines may not match.")
                                           .arg(QLocale().toString(info.lastModified(), QLocale::ShortFormat),
                                                QLocale().toString(recordedAt, QLocale::ShortFormat)));
    } else {
        setProblem(FileState::Shown, {});
    }
    return true;
}

void SourceHeatView::locateRecordedFile(const QString& actualPath) {
    if (recorded_.isEmpty() || actualPath.isEmpty()) return;
    locator_.remember(recorded_, actualPath);
    shownPath_.clear(); // read it again, it may be another file now
    onDetails();
}

void SourceHeatView::chooseFile() {
    const QString start = QFileInfo(locator_.resolve(recorded_)).absolutePath();
    const QString chosen = QFileDialog::getOpenFileName(
        this, tr("Where is %1?").arg(QFileInfo(recorded_).fileName()), start,
        tr("Python files (*.py *.pyw *.pyx);;All files (*)"));
    if (!chosen.isEmpty()) locateRecordedFile(chosen);
}

} // namespace spyglass::ui
