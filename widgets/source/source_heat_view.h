#pragma once
// The selected function's source file with per-line heat, scrolled to the function's hottest line.
// Says when the file is missing or does not match the profile, and lets the user point to it.
#include <QDateTime>
#include <QWidget>

#include "widgets/source/source_locator.h"

class QLabel;
class QPushButton;

namespace spyglass::ui {

class ProfileDocument;
class SourceEditor;

class SourceHeatView : public QWidget {
    Q_OBJECT
public:
    enum class FileState { None, Shown, NoFileRecorded, Missing, Changed, TooShort, Unreadable };

    explicit SourceHeatView(ProfileDocument* document, QWidget* parent = nullptr);

    SourceEditor* editor() const { return editor_; }
    FileState fileState() const { return state_; }
    QString shownPath() const { return shownPath_; }
    QString problemText() const;
    int hottestLine() const { return hottestLine_; }
    SourceLocator& locator() { return locator_; }

    // The user says the recorded file is at `actualPath` (what "Locate File…" does after its dialog).
    void locateRecordedFile(const QString& actualPath);

private:
    void onDetails();
    bool showFile(const QString& recorded, uint32_t maxLine); // false: no text to show
    void setProblem(FileState state, const QString& text);
    void chooseFile();

    ProfileDocument* document_;
    SourceLocator locator_;
    QLabel* path_;
    QLabel* problem_;
    QPushButton* locate_;
    SourceEditor* editor_;
    FileState state_ = FileState::None;
    QString recorded_;
    QString shownPath_;
    QDateTime shownModified_;
    qint64 shownSize_ = -1;
    int hottestLine_ = 0;
};

} // namespace spyglass::ui
