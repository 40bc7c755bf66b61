#include "widgets/common/formatting.h"

#include <QCoreApplication>
#include <QLocale>
#include <cmath>

namespace spyglass::ui {

namespace {

// A translation context for free functions.
struct Format {
    Q_DECLARE_TR_FUNCTIONS(Format)
};

QString fixed(double v, int decimals) { return QLocale().toString(v, 'f', decimals); }

QString bytes(int64_t v) {
    const double a = std::abs(static_cast<double>(v));
    if (a >= 1024.0 * 1024 * 1024) return Format::tr("%1 GiB").arg(fixed(v / (1024.0 * 1024 * 1024), 2));
    if (a >= 1024.0 * 1024) return Format::tr("%1 MiB").arg(fixed(v / (1024.0 * 1024), 1));
    if (a >= 1024.0) return Format::tr("%1 KiB").arg(fixed(v / 1024.0, 1));
    return Format::tr("%1 B").arg(v);
}

} // namespace

QString formatWeight(int64_t value, MetricUnit unit) {
    switch (unit) {
    case MetricUnit::Nanoseconds: return formatDuration(value);
    case MetricUnit::Bytes: return bytes(value);
    case MetricUnit::Samples:
    case MetricUnit::Count: break;
    }
    return QLocale().toString(static_cast<qlonglong>(value));
}

double shareOf(int64_t part, int64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

QString formatPercent(int64_t part, int64_t whole) {
    if (whole == 0) return QStringLiteral("–");
    return Format::tr("%1 %").arg(fixed(100.0 * shareOf(part, whole), 1));
}

QString formatDuration(int64_t ns) {
    const double a = std::abs(static_cast<double>(ns));
    if (a < 1e3) return Format::tr("%1 ns").arg(ns);
    if (a < 1e6) return Format::tr("%1 µs").arg(fixed(ns / 1e3, a < 1e4 ? 2 : 1));
    if (a < 1e9) return Format::tr("%1 ms").arg(fixed(ns / 1e6, a < 1e7 ? 2 : 1));
    if (a < 60e9) return Format::tr("%1 s").arg(fixed(ns / 1e9, a < 1e10 ? 2 : 1));
    const auto seconds = static_cast<int64_t>(std::llround(ns / 1e9));
    if (seconds < 3600) return Format::tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return Format::tr("%1 h %2 min").arg(seconds / 3600).arg((seconds / 60) % 60);
}

QString functionLabel(const Profile& p, FunctionId f) {
    return QString::fromUtf8(p.functionName(f));
}

QString locationLabel(const Profile& p, FunctionId f, uint32_t line) {
    const std::string_view file = p.functionFile(f);
    if (file.empty()) return {};
    QString s = QString::fromUtf8(file);
    if (line) s += QLatin1Char(':') + QString::number(line);
    return s;
}

QString threadLabel(const Profile& p, ThreadIndex t) {
    const ThreadInfo info = p.thread(t);
    const QString name = QString::fromUtf8(p.str(info.name));
    if (name.isEmpty()) return Format::tr("Thread %1").arg(info.id);
    return name;
}

} // namespace spyglass::ui
