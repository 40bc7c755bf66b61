#include "app/gui/recent_files.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace spyglass::gui {

namespace {
const char* kKey = "recentFiles";
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), menu_(menu) { rebuildMenu(); }

QStringList RecentFiles::files() const { return QSettings().value(QLatin1String(kKey)).toStringList(); }

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMax) list.removeLast();
    save(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = files();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    save(list);
}

void RecentFiles::clear() { save({}); }

void RecentFiles::save(const QStringList& list) {
    QSettings().setValue(QLatin1String(kKey), list);
    rebuildMenu();
}

void RecentFiles::rebuildMenu() {
    menu_->clear();
    const QStringList list = files();
    int n = 0;
    for (const QString& path : list) {
        ++n;
        // &1..&9 give keyboard access from the open menu.
        const QString text = n < 10 ? tr("&%1 %2").arg(n).arg(QDir::toNativeSeparators(path))
                                    : QDir::toNativeSeparators(path);
        QAction* a = menu_->addAction(text, this, [this, path] { emit openRequested(path); });
        a->setEnabled(QFileInfo::exists(path));
    }
    if (list.isEmpty()) menu_->addAction(tr("No recent files"))->setEnabled(false);
    menu_->addSeparator();
    menu_->addAction(tr("Clear Recent Files"), this, &RecentFiles::clear)->setEnabled(!list.isEmpty());
}

} // namespace spyglass::gui
