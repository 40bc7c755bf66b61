#pragma once
// Real Python targets for the live recording tests: a script with names no library has, the
// interpreters of this machine, and what became of the processes a test started.
#include "core/model/profile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <cerrno>
#include <csignal>
#include <set>
#include <string>
#include <unistd.h>

namespace spyglass::testing {

// A program with names no library has, busy until killed (or for `seconds`, then exit 3).
inline QString writeTarget(const QTemporaryDir& dir, double seconds = 0) {
    const QString path = dir.filePath(QStringLiteral("live_target.py"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QStringLiteral(R"(import sys, time
def spyglass_live_leaf(n):
    total = 0
    for i in range(n):
        total += i * i
    return total
def spyglass_live_outer():
    return spyglass_live_leaf(20000)
seconds = %1
started = time.time()
while seconds <= 0 or time.time() - started < seconds:
    spyglass_live_outer()
sys.exit(3)
)")
                .arg(seconds)
                .toUtf8());
    return path;
}

// python3 on the PATH, which `spyglass --demo` uses too.
inline QString python3() {
    return QStandardPaths::findExecutable(QStringLiteral("python3"));
}

// Every interpreter of the guide: pyenv's 2.7 and 3.6–3.13, and Debian's python3.11.
inline QStringList allInterpreters() {
    QString root = qEnvironmentVariable("PYENV_ROOT");
    if (root.isEmpty()) root = QDir::homePath() + QStringLiteral("/.pyenv");
    QStringList found, skipped;
    const QStringList versions = QDir(root + QStringLiteral("/versions"))
                                     .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const char* wanted : {"2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"}) {
        QString path;
        for (const QString& v : versions)
            if (v.startsWith(QLatin1String(wanted) + QLatin1Char('.')) &&
                QFileInfo(root + QStringLiteral("/versions/") + v + QStringLiteral("/bin/python"))
                    .isExecutable())
                path = root + QStringLiteral("/versions/") + v + QStringLiteral("/bin/python");
        if (path.isEmpty())
            skipped << QLatin1String(wanted);
        else
            found << path;
    }
    if (QFileInfo(QStringLiteral("/usr/bin/python3.11")).isExecutable())
        found << QStringLiteral("/usr/bin/python3.11");
    else
        skipped << QStringLiteral("/usr/bin/python3.11");
    qInfo("interpreters: %d found; skipped (not installed): %s", int(found.size()),
          skipped.isEmpty() ? "none" : qPrintable(skipped.join(QLatin1Char(' '))));
    return found;
}

inline std::set<std::string> functionNames(const Profile& p) {
    std::set<std::string> names;
    for (size_t f = 0; f < p.functionCount(); ++f)
        names.insert(std::string(p.functionName(FunctionId(f))));
    return names;
}

// A pid with no process behind it.
inline int missingPid() {
    for (int pid = 4'000'000; pid > 1000; pid -= 7919)
        if (::kill(pid, 0) != 0 && errno == ESRCH) return pid;
    return 0;
}

// Our children that run `script` and have not ended (zombies excepted).
inline int runningChildren(const QString& script) {
    int n = 0;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool numeric = false;
        entry.toInt(&numeric);
        if (!numeric) continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!stat.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly)) continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields[1].toInt() != int(::getpid()) || fields[0] == "Z") continue;
        if (cmdline.readAll().contains(script.toUtf8())) ++n;
    }
    return n;
}

} // namespace spyglass::testing
