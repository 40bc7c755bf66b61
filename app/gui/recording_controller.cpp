#include "app/gui/recording_controller.h"

#include "core/model/profile.h"
#include "core/sampling/sampling_session.h"
#include "widgets/document/profile_document.h"

#include <QFileInfo>

namespace spyglass::gui {

namespace {

QString describe(const RecordingRequest& request) {
    if (request.pid > 0) return RecordingController::tr("process %1").arg(request.pid);
    // "python3 demo.py --seconds 600": the interpreter and the script by their names.
    QStringList shown;
    for (const QString& arg : request.argv)
        shown << (shown.size() < 2 && !arg.startsWith(QLatin1Char('-')) ? QFileInfo(arg).fileName()
                                                                        : arg);
    return shown.join(QLatin1Char(' '));
}

} // namespace

RecordingController::RecordingController(ui::ProfileDocument* document, QObject* parent)
    : QObject(parent), document_(document) {
    refresh_.setInterval(kRefreshMs);
    connect(&refresh_, &QTimer::timeout, this, &RecordingController::onTick);
}

RecordingController::~RecordingController() {
    if (cancelOpen_) cancelOpen_->store(true);
    joinOpener();
    if (session_) session_->stop();
    // A program we launched does not outlive the window that recorded it.
    if (launched_) launched_->kill();
}

void RecordingController::joinOpener() {
    if (opener_.joinable()) opener_.join();
}

double RecordingController::elapsedSeconds() const {
    return state_ == State::Recording && clock_.isValid() ? clock_.elapsed() / 1000.0
                                                          : finalSeconds_;
}

SamplerStats RecordingController::stats() const {
    return session_ ? session_->stats() : lastStats_;
}

void RecordingController::setState(State state) {
    if (state_ == state) return;
    state_ = state;
    emit stateChanged(state);
}

bool RecordingController::start(const RecordingRequest& request) {
    if (isActive()) return false;
    joinOpener(); // a former opener that was cancelled has posted its result already
    session_.reset();
    launched_.reset();
    finalSeconds_ = 0;
    lastStats_ = {};
    description_ = describe(request);
    TargetSpec spec;
    spec.pid = request.pid;
    for (const QString& arg : request.argv)
        spec.argv.push_back(arg.toStdString());
    cancelOpen_ = std::make_shared<std::atomic<bool>>(false);
    setState(State::Starting);
    // Launching waits until the program's interpreter is readable (up to spec.startTimeout):
    // never on the GUI thread. The child is not tied to this thread, so the thread may end.
    const uint64_t generation = ++generation_;
    opener_ = std::thread([this, spec, request, generation, cancel = cancelOpen_] {
        auto opened = std::make_shared<Result<OpenedTarget>>(
            openTarget(spec, [cancel] { return cancel->load(); }));
        // Queued to this object: if it is gone by then, the result (and a launched child with
        // it) is dropped.
        QMetaObject::invokeMethod(
            this, [this, generation, opened, request] { onOpened(generation, opened, request); },
            Qt::QueuedConnection);
    });
    return true;
}

void RecordingController::onOpened(uint64_t generation,
                                   std::shared_ptr<Result<OpenedTarget>> opened,
                                   RecordingRequest request) {
    if (generation != generation_ || state_ != State::Starting) {
        // Stopped while starting: what it launched goes (its destructor kills it).
        return;
    }
    joinOpener(); // it has posted this and is ending
    if (!opened->ok()) {
        setState(State::Idle);
        emit failed(QString::fromStdString(opened->error().message));
        return;
    }
    if (!opened->ok()) {
        setState(State::Idle);
        emit failed(QString::fromStdString(opened->error().message));
        return;
    }
    OpenedTarget& target = **opened;
    launched_ = std::move(target.launched);
    auto profile = std::make_shared<Profile>();
    ProfileMetadata meta;
    meta.commandLine = target.commandLine;
    profile->setMetadata(meta);
    SamplerOptions options;
    options.rateHz = request.rateHz;
    options.blocking = request.pauseTarget;
    pauseTarget_ = request.pauseTarget;
    session_ = std::make_unique<SamplingSession>(std::move(target.reader), options, profile);
    if (auto ok = session_->start(); !ok) {
        session_.reset();
        if (launched_) launched_->kill();
        launched_.reset();
        setState(State::Idle);
        emit failed(QString::fromStdString(ok.error().message));
        return;
    }
    clock_.start();
    document_->setProfile(profile);
    refresh_.start();
    setState(State::Recording);
    emit started(description_);
}

void RecordingController::onTick() {
    if (!session_) return;
    // The document coalesces these and queries a fresh snapshot off the GUI thread.
    document_->samplesAppended();
    if (session_->wait(std::chrono::milliseconds(0)))
        end(false);
    else
        emit progress();
}

void RecordingController::stop() {
    if (state_ == State::Starting) {
        // The opener returns within its back-off; its result is then dropped, and with it what it
        // launched. The GUI does not wait for it.
        if (cancelOpen_) cancelOpen_->store(true);
        ++generation_;
        setState(State::Idle);
        return;
    }
    if (state_ == State::Recording) end(true);
}

void RecordingController::end(bool byUser) {
    refresh_.stop();
    finalSeconds_ = clock_.isValid() ? clock_.elapsed() / 1000.0 : 0;
    session_->stop();
    lastStats_ = session_->stats();
    const bool exited = lastStats_.targetExited && !byUser;
    QString exitDescription;
    if (launched_) {
        if (exited) {
            // The target is gone; reap it and say how it ended.
            for (int i = 0; i < 50 && !launched_->hasExited(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (!launched_->hasExited()) launched_->kill();
        if (auto how = launched_->exitDescription(); how && exited)
            exitDescription = QString::fromStdString(*how);
    }
    const qulonglong samples = session_->profile().sampleCount();
    session_.reset();
    launched_.reset();
    // The last samples and the final duration reach the views.
    document_->samplesAppended();
    setState(State::Idle);
    emit finished(exited, exitDescription, samples);
}

} // namespace spyglass::gui
