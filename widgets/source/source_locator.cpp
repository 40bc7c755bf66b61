#include "widgets/source/source_locator.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <algorithm>

namespace spyglass::ui {

namespace {

constexpr int kMaxMappings = 20;

QString normalized(const QString& path) { return QDir::cleanPath(QDir::fromNativeSeparators(path)); }

} // namespace

void SourceLocator::setProfilePath(const QString& profilePath) {
    profilePath_ = profilePath;
    load();
}

QString SourceLocator::settingsKey() const {
    const QByteArray hash = QCryptographicHash::hash(QFileInfo(profilePath_).absoluteFilePath().toUtf8(),
                                                     QCryptographicHash::Sha1);
    return QStringLiteral("sourceRemap/") + QString::fromLatin1(hash.toHex().left(16));
}

void SourceLocator::load() {
    mappings_.clear();
    if (profilePath_.isEmpty()) return;
    const QStringList flat = QSettings().value(settingsKey()).toStringList();
    for (int i = 0; i + 1 < flat.size(); i += 2) mappings_.push_back({flat[i], flat[i + 1]});
}

void SourceLocator::save() const {
    if (profilePath_.isEmpty()) return;
    QStringList flat;
    for (const auto& [from, to] : mappings_) flat << from << to;
    QSettings().setValue(settingsKey(), flat);
}

QString SourceLocator::resolve(const QString& recordedRaw) const {
    const QString recorded = normalized(recordedRaw);
    if (recorded.isEmpty()) return recorded;
    for (const auto& [from, to] : mappings_) {
        QString candidate;
        if (recorded == from) candidate = to;
        else if (recorded.startsWith(from + QLatin1Char('/'))) candidate = to + recorded.mid(from.size());
        if (!candidate.isEmpty() && QFileInfo::exists(candidate)) return candidate;
    }
    if (QFileInfo::exists(recorded) && QDir::isAbsolutePath(recorded)) return recorded;
    if (!profilePath_.isEmpty()) {
        // A relative path is relative to the profile; a source copied beside the profile counts too.
        const QDir dir = QFileInfo(profilePath_).absoluteDir();
        const QString beside = dir.filePath(QDir::isRelativePath(recorded) ? recorded : QFileInfo(recorded).fileName());
        if (QFileInfo::exists(beside)) return beside;
    }
    return recorded;
}

void SourceLocator::remember(const QString& recordedRaw, const QString& actualRaw) {
    const QStringList a = normalized(recordedRaw).split(QLatin1Char('/'));
    const QStringList b = normalized(actualRaw).split(QLatin1Char('/'));
    // Strip the common tail of path components: what remains is the moved prefix.
    int common = 0;
    while (common < a.size() && common < b.size() && a[a.size() - 1 - common] == b[b.size() - 1 - common])
        ++common;
    QString from, to;
    if (common == 0) {
        from = normalized(recordedRaw); // a different name: map this one file
        to = normalized(actualRaw);
    } else {
        from = a.mid(0, a.size() - common).join(QLatin1Char('/'));
        to = b.mid(0, b.size() - common).join(QLatin1Char('/'));
        if (from.isEmpty() && to.isEmpty()) return; // the same path: nothing to remember
        if (from.isEmpty()) { // a relative recorded path: map it whole
            from = normalized(recordedRaw);
            to = normalized(actualRaw);
        }
    }
    mappings_.erase(std::remove_if(mappings_.begin(), mappings_.end(),
                                   [&](const auto& m) { return m.first == from; }),
                    mappings_.end());
    mappings_.push_front({from, to});
    while (mappings_.size() > kMaxMappings) mappings_.pop_back();
    save();
}

void SourceLocator::forgetAll() {
    mappings_.clear();
    if (!profilePath_.isEmpty()) QSettings().remove(settingsKey());
}

} // namespace spyglass::ui
