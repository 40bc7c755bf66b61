#pragma once
// Finds the source file a profile recorded, on this machine: the recorded path, a path relative to
// the profile file, a file of the same name beside the profile, or a remapping the user made by pointing at the file once. Remappings are
// directory prefixes ("/srv/app" -> "/home/me/app"), so one answer finds the whole project; they
// are remembered per profile in QSettings.
#include <QList>
#include <QPair>
#include <QString>

namespace spyglass::ui {

class SourceLocator {
public:
    // `profilePath` keys the remembered remappings and anchors relative recorded paths.
    void setProfilePath(const QString& profilePath);

    // The best existing candidate for a recorded path; the recorded path itself when none exists.
    QString resolve(const QString& recorded) const;
    // The user showed that `recorded` is at `actual`; remembers the narrowest prefix mapping.
    void remember(const QString& recorded, const QString& actual);
    void forgetAll();
    const QList<QPair<QString, QString>>& mappings() const { return mappings_; }

private:
    QString settingsKey() const;
    void load();
    void save() const;

    QString profilePath_;
    QList<QPair<QString, QString>> mappings_; // newest first
};

} // namespace spyglass::ui
