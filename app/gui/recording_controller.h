#pragma once
// A live recording inside the window: opens the target (launch a program or attach to a pid) on a
// worker thread, runs the core's SamplingSession into a fresh profile shown by the document, and
// tells the document every few hundred milliseconds that samples were appended, so every view
// follows the recording. It ends on stop(), or by itself when the target exits; either way every
// sample recorded stays in the document. A program it launched is killed when the recording ends
// (as `spyglass record` does); a process attached to is never touched.
#include "core/sampling/recording_target.h"
#include "core/sampling/sampler.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <memory>
#include <thread>

namespace spyglass {
class SamplingSession;
}

namespace spyglass::ui {
class ProfileDocument;
}

namespace spyglass::gui {

struct RecordingRequest {
    int pid = 0;      // attach to this process ...
    QStringList argv; // ... or launch this program
    double rateHz = 100;
    bool pauseTarget = false; // stop it for each sample (--blocking): exact stacks
};

class RecordingController : public QObject {
    Q_OBJECT
  public:
    enum class State { Idle, Starting, Recording };
    Q_ENUM(State)

    // How often the views are told about new samples while recording.
    static constexpr int kRefreshMs = 300;

    explicit RecordingController(ui::ProfileDocument* document, QObject* parent = nullptr);
    ~RecordingController() override; // stops; a launched program is killed

    State state() const { return state_; }
    bool isActive() const { return state_ != State::Idle; }
    // Seconds since sampling started (0 when idle), and what the sampler has counted so far.
    double elapsedSeconds() const;
    SamplerStats stats() const;
    // Whether the recording (running, or the last one) pauses the target for each sample.
    bool pausesTarget() const { return pauseTarget_; }
    // "python3 demo.py" or "process 4242", for titles and messages.
    QString targetDescription() const { return description_; }

    // Opens the target on a worker thread; `started` or `failed` follows. False when a recording
    // is already starting or running.
    bool start(const RecordingRequest& request);

  public slots:
    // Ends the recording (or the start in progress); the samples stay in the document.
    void stop();

  signals:
    void stateChanged(spyglass::gui::RecordingController::State state);
    void started(const QString& description);
    // The target could not be opened; `message` is the engine's, with the remedy where it has one.
    void failed(const QString& message);
    // The recording ended: stopped by the user, or the target exited (`exitDescription` says how,
    // when known). `samples` were kept.
    void finished(bool targetExited, const QString& exitDescription, qulonglong samples);
    // Emitted with each refresh while recording.
    void progress();

  private:
    void onOpened(uint64_t generation, std::shared_ptr<Result<OpenedTarget>> opened,
                  RecordingRequest request);
    void onTick();
    void end(bool byUser);
    void setState(State state);
    void joinOpener();

    ui::ProfileDocument* document_;
    State state_ = State::Idle;
    QString description_;
    std::thread opener_;
    std::shared_ptr<std::atomic<bool>> cancelOpen_;
    uint64_t generation_ = 0; // of the newest start: an older opener's result is dropped
    std::unique_ptr<LaunchedProcess> launched_;
    std::unique_ptr<SamplingSession> session_;
    QTimer refresh_;
    QElapsedTimer clock_;
    double finalSeconds_ = 0;
    SamplerStats lastStats_; // of the recording that ended
    bool pauseTarget_ = false;
};

} // namespace spyglass::gui
