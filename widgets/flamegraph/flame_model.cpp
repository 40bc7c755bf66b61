#include "widgets/flamegraph/flame_model.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include "widgets/flamegraph/flame_colors.h"

namespace spyglass {

namespace {

// Strings below go through QCoreApplication::translate with the literal context "FlameModel" at
// every call: lupdate then files them under the context they are looked up with (a tr() helper
// hid both from it, and the German entries never matched).
QString fromView(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

} // namespace

std::shared_ptr<const FlameModel> makeFlameModel(std::shared_ptr<const Profile> profile,
                                                 std::shared_ptr<const FlameLayout> layout,
                                                 size_t metric) {
    auto model = std::make_shared<FlameModel>();
    model->profile = std::move(profile);
    model->layout = std::move(layout);
    const Profile* p = model->profile.get();
    if (p && metric < p->metrics().size()) model->unit = p->metrics()[metric].unit;
    const auto& labels = model->layout->labels();
    model->names.reserve(labels.size());
    model->colors.reserve(labels.size());
    model->files.reserve(labels.size());
    for (const FlameLabel& label : labels) {
        model->files.push_back(label.isAll || !p || label.foldedPackage
                                   ? QString()
                                   : fromView(p->functionFile(label.function)));
        if (label.isAll || !p) {
            model->names.push_back(QCoreApplication::translate("FlameModel", "all"));
            model->colors.push_back(FlameColors::rootColor().rgb());
            continue;
        }
        std::string_view name;
        QString text;
        if (label.foldedPackage) {
            name = p->str(label.foldedPackage);
            text = QStringLiteral("[%1]").arg(fromView(name));
        } else {
            name = p->functionName(label.function);
            text = fromView(name);
        }
        model->names.push_back(std::move(text));
        model->colors.push_back(FlameColors::frameColor(label.category, name).rgb());
    }
    return model;
}

QString FlameModel::location(FlameNode n) const {
    const FlameLabel& label = layout->label(n);
    if (label.foldedPackage || label.isAll || !profile) return {};
    const QString file = fromView(profile->functionFile(label.function));
    if (file.isEmpty()) return {};
    return label.line ? QStringLiteral("%1:%2").arg(file).arg(label.line) : file;
}

QString FlameModel::packageText(FlameNode n) const {
    const FlameLabel& label = layout->label(n);
    if (label.isAll || !profile) return {};
    const StringId package =
        label.foldedPackage ? label.foldedPackage : profile->function(label.function).package;
    QString category;
    switch (label.category) {
    case PackageCategory::User: category = QCoreApplication::translate("FlameModel", "your code"); break;
    case PackageCategory::StandardLibrary: category = QCoreApplication::translate("FlameModel", "standard library"); break;
    case PackageCategory::ThirdParty: category = QCoreApplication::translate("FlameModel", "third-party"); break;
    case PackageCategory::Native: category = QCoreApplication::translate("FlameModel", "native"); break;
    case PackageCategory::Idle: category = QCoreApplication::translate("FlameModel", "idle"); break;
    case PackageCategory::Unknown: category = QCoreApplication::translate("FlameModel", "other"); break;
    }
    const QString name = fromView(profile->str(package));
    return name.isEmpty() ? category : QStringLiteral("%1 (%2)").arg(name, category);
}

QString FlameModel::tooltip(FlameNode n, int64_t zoomWeight) const {
    const int64_t all = layout->totalWeight();
    const int64_t total = layout->width(n);
    const int64_t self = layout->self(n);
    QStringList lines;
    lines << name(n);
    if (const QString where = location(n); !where.isEmpty()) lines << where;
    lines << QCoreApplication::translate("FlameModel", "Total: %1 (%2 of all, %3 of zoom)")
                 .arg(formatWeight(total, unit), formatPercent(total, all),
                      formatPercent(total, zoomWeight));
    lines << QCoreApplication::translate("FlameModel", "Own: %1 (%2 of all, %3 of zoom)")
                 .arg(formatWeight(self, unit), formatPercent(self, all),
                      formatPercent(self, zoomWeight));
    if (const QString package = packageText(n); !package.isEmpty())
        lines << QCoreApplication::translate("FlameModel", "Package: %1").arg(package);
    return lines.join(QLatin1Char('\n'));
}

QString FlameModel::foldedTooltip(const FlameBlock& block, int64_t zoomWeight) const {
    const int64_t all = layout->totalWeight();
    QStringList lines;
    lines << QCoreApplication::translate("FlameModel", "%1 frames too narrow to show").arg(QLocale().toString(block.last - block.first));
    lines << QCoreApplication::translate("FlameModel", "Total: %1 (%2 of all, %3 of zoom)")
                 .arg(formatWeight(block.mass, unit), formatPercent(block.mass, all),
                      formatPercent(block.mass, zoomWeight));
    lines << QCoreApplication::translate("FlameModel", "Click to zoom in");
    return lines.join(QLatin1Char('\n'));
}

QString FlameModel::stackText(FlameNode n) const {
    QStringList lines;
    for (FlameNode f : layout->pathTo(n)) {
        if (layout->label(f).isAll) continue;
        const QString where = location(f);
        lines << (where.isEmpty() ? name(f) : QStringLiteral("%1 (%2)").arg(name(f), where));
    }
    return lines.join(QLatin1Char('\n'));
}

QString formatWeight(int64_t weight, MetricUnit unit) {
    const QLocale locale;
    switch (unit) {
    case MetricUnit::Samples:
        return weight == 1 ? QCoreApplication::translate("FlameModel", "1 sample") : QCoreApplication::translate("FlameModel", "%1 samples").arg(locale.toString(qlonglong(weight)));
    case MetricUnit::Nanoseconds: {
        const double ms = double(weight) / 1e6;
        if (ms >= 1000) return QCoreApplication::translate("FlameModel", "%1 s").arg(locale.toString(ms / 1000, 'f', 2));
        return QCoreApplication::translate("FlameModel", "%1 ms").arg(locale.toString(ms, 'f', ms >= 10 ? 1 : 3));
    }
    case MetricUnit::Bytes: return locale.formattedDataSize(weight);
    case MetricUnit::Count: return locale.toString(qlonglong(weight));
    }
    return locale.toString(qlonglong(weight));
}

QString formatPercent(int64_t part, int64_t whole) {
    if (whole <= 0) return QStringLiteral("–");
    const double pct = 100.0 * double(part) / double(whole);
    return QStringLiteral("%1%").arg(QLocale().toString(pct, 'f', pct < 10 ? 2 : 1));
}

} // namespace spyglass
