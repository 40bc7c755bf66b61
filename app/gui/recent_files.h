#pragma once
// The recent-files list, kept in QSettings, and the menu that shows it.
#include <QObject>
#include <QStringList>

class QMenu;

namespace spyglass::gui {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 10;

    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    QStringList files() const;
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

signals:
    void openRequested(const QString& path);

private:
    void save(const QStringList& files);
    void rebuildMenu();

    QMenu* menu_;
};

} // namespace spyglass::gui
