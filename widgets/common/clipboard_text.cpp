#include "widgets/common/clipboard_text.h"

#include <QClipboard>
#include <QGuiApplication>

#include "widgets/common/formatting.h"

namespace spyglass::ui {

QString stackText(const Profile& p, const std::vector<FunctionId>& stack) {
    QStringList lines;
    for (FunctionId f : stack) {
        const QString where = locationLabel(p, f, 0);
        lines << (where.isEmpty() ? functionLabel(p, f) : functionLabel(p, f) + QStringLiteral(" (") + where + QLatin1Char(')'));
    }
    return lines.join(QLatin1Char('\n'));
}

void copyToClipboard(const QString& text) {
    if (QClipboard* c = QGuiApplication::clipboard()) c->setText(text);
}

} // namespace spyglass::ui
