#include "widgets/document/profile_loader.h"

#include <QCoreApplication>
#include <QStringList>

#include "core/formats/profile_io.h"

namespace spyglass::ui {

ProfileLoader::ProfileLoader(QObject* parent) : QObject(parent) { pool_.setMaxThreadCount(1); }

ProfileLoader::~ProfileLoader() {
    cancel();
    pool_.waitForDone();
}

void ProfileLoader::load(const QString& path) {
    cancel();
    auto job = std::make_shared<Job>();
    job_ = job;
    path_ = path;
    loading_ = true;
    pool_.start([this, job, path] {
        ReadOptions options;
        options.progress = [this, job](double share) {
            // Only whole percents cross threads, so a fast reader does not flood the event loop.
            const int percent = static_cast<int>(share * 100);
            if (job->lastPercent.exchange(percent) != percent)
                QMetaObject::invokeMethod(
                    this, [this, job, share] { if (job == job_) emit progress(share); },
                    Qt::QueuedConnection);
            return !job->cancel.load();
        };
        QStringList warnings;
        options.warning = [&warnings](const std::string& message) { warnings << QString::fromStdString(message); };
        auto result = readProfileFile(path.toStdString(), options);
        std::shared_ptr<Profile> profile;
        QString message;
        bool cancelled = job->cancel.load();
        if (result) {
            profile = std::move(*result);
        } else {
            message = QString::fromStdString(result.error().message);
            cancelled = cancelled || result.error().kind == ErrorKind::Cancelled;
        }
        QMetaObject::invokeMethod(
            this,
            [this, job, path, profile = std::move(profile), message, cancelled, warnings]() mutable {
                if (job != job_) return; // a newer load replaced this one
                job_.reset();
                loading_ = false;
                if (cancelled) emit this->cancelled(path);
                else if (profile) {
                    for (const QString& w : warnings) emit warning(path, w);
                    emit loaded(std::move(profile), path);
                }
                else emit failed(path, message);
            },
            Qt::QueuedConnection);
    });
}

void ProfileLoader::cancel() {
    if (job_) job_->cancel = true;
}

void ProfileLoader::waitForDone() {
    while (loading_) {
        pool_.waitForDone();
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
}

} // namespace spyglass::ui
