#pragma once
// How the views write numbers, durations, shares and code locations, so every view agrees.
#include <QString>
#include <cstdint>

#include "core/model/profile.h"

namespace spyglass::ui {

// A weight in the metric's unit: "1,234" samples, "12.5 ms", "3.2 MiB".
QString formatWeight(int64_t value, MetricUnit unit);
// part/whole as "12.3 %"; "–" when whole is zero.
QString formatPercent(int64_t part, int64_t whole);
double shareOf(int64_t part, int64_t whole);
// "850 ns", "12.5 µs", "1.25 s", "2 min 5 s".
QString formatDuration(int64_t ns);
// "name", or "[package]" for a folded package.
QString functionLabel(const Profile& p, FunctionId f);
// "file:line" (line omitted when 0); empty for functions without a file.
QString locationLabel(const Profile& p, FunctionId f, uint32_t line);
QString threadLabel(const Profile& p, ThreadIndex t);

} // namespace spyglass::ui
