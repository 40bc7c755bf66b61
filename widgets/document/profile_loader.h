#pragma once
// Reads a profile file on a worker thread, reporting progress and honoring Cancel. Results come
// back as signals on the loader's thread. One load at a time: a new load cancels the former one.
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <memory>

#include "core/model/profile.h"

namespace spyglass::ui {

class ProfileLoader : public QObject {
    Q_OBJECT
public:
    explicit ProfileLoader(QObject* parent = nullptr);
    ~ProfileLoader() override;

    void load(const QString& path);
    void cancel();
    bool isLoading() const { return loading_; }
    QString path() const { return path_; }
    // Blocks until the load in flight has reported (tests).
    void waitForDone();

signals:
    void progress(double share);
    void loaded(std::shared_ptr<spyglass::Profile> profile, const QString& path);
    // `message` is the reader's own message, which names the file and what is wrong.
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    // The file was read, but the reader skipped some input (before `loaded`).
    void warning(const QString& path, const QString& message);

private:
    struct Job {
        std::atomic<bool> cancel{false};
        std::atomic<int> lastPercent{-1};
    };

    QThreadPool pool_;
    std::shared_ptr<Job> job_;
    QString path_;
    bool loading_ = false;
};

} // namespace spyglass::ui
