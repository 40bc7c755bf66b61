#pragma once
// The main window's actions, kept together so menus, shortcuts and enabling are in one place.
#include <QList>

class QAction;
class QActionGroup;
class QMenu;

namespace spyglass::gui {

struct MainWindowActions {
    QAction* open = nullptr;
    QMenu* recentMenu = nullptr;
    QMenu* exportMenu = nullptr;
    QList<QAction*> exports; // everything that needs a profile to export
    QAction* launch = nullptr;
    QAction* attach = nullptr;
    QAction* stopRecording = nullptr;
    QAction* copyName = nullptr;
    QAction* copyStack = nullptr;
    QAction* find = nullptr;
    QAction* zoomIn = nullptr;
    QAction* zoomOut = nullptr;
    QAction* zoomReset = nullptr;
    QAction* back = nullptr;
    QAction* popFilter = nullptr;
    QAction* clearFilters = nullptr;
    QAction* mergeThreads = nullptr;
    QAction* myCodeOnly = nullptr;
    QAction* hideIdle = nullptr;
    QList<QAction*> pages; // Ctrl+1.. in tab order
    QAction* showTimeline = nullptr;
    QAction* showThreads = nullptr;
    QMenu* metricMenu = nullptr;
    QActionGroup* metricGroup = nullptr;
};

} // namespace spyglass::gui
