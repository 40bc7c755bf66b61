#include "widgets/calltree/function_menu.h"

#include <QCoreApplication>
#include <QMenu>

#include "widgets/common/clipboard_text.h"
#include "widgets/common/formatting.h"
#include "widgets/document/profile_document.h"

namespace spyglass::ui {

namespace {
struct FunctionMenu {
    Q_DECLARE_TR_FUNCTIONS(FunctionMenu)
};
} // namespace

void addFunctionActions(QMenu* menu, ProfileDocument* document, FunctionId function,
                        const std::vector<FunctionId>& stack) {
    const Profile* p = document->profile();
    if (!p || function >= p->functionCount()) return;
    const QString name = functionLabel(*p, function);
    const QString shortName = name.size() > 40 ? name.left(37) + QStringLiteral("…") : name;
    FilterStack* filters = document->filters();
    FunctionSelection* selection = document->selection();

    menu->addAction(FunctionMenu::tr("Show Source"), menu, [=] { selection->activate(function, stack); });
    menu->addSeparator();
    menu->addAction(FunctionMenu::tr("Focus on %1").arg(shortName), menu,
                    [=] { filters->pushFocus(function, name); });
    menu->addAction(FunctionMenu::tr("Exclude %1").arg(shortName), menu,
                    [=] { filters->pushExcludeFunction(function, name); });
    const StringId package = p->function(function).package;
    if (package != 0) {
        const QString packageName = QString::fromUtf8(p->str(package));
        menu->addAction(FunctionMenu::tr("Exclude Package %1").arg(packageName), menu,
                        [=] { filters->pushExcludePackage(package, packageName); });
    }
    menu->addSeparator();
    menu->addAction(FunctionMenu::tr("Copy Function Name"), menu, [=] { copyToClipboard(name); });
    const QString location = locationLabel(*p, function, 0);
    if (!location.isEmpty())
        menu->addAction(FunctionMenu::tr("Copy Location"), menu, [=] { copyToClipboard(location); });
    if (!stack.empty()) {
        const QString text = stackText(*p, stack);
        menu->addAction(FunctionMenu::tr("Copy Stack"), menu, [=] { copyToClipboard(text); });
    }
}

} // namespace spyglass::ui
