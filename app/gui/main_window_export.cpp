// Export: the profile in each writable format, and the current view as a PNG.
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include "app/gui/file_formats.h"
#include "app/gui/flame_page.h"
#include "app/gui/main_window.h"
#include "widgets/document/profile_document.h"
#include "widgets/flamegraph/flame_graph_view.h"

namespace spyglass::gui {

namespace {

QString suggestedPath(const QString& profilePath, const QString& extension) {
    const QSettings s;
    const QString dir = s.value(QStringLiteral("lastExportDir"), QFileInfo(profilePath).absolutePath()).toString();
    QString base = QFileInfo(profilePath).completeBaseName();
    if (base.isEmpty()) base = QStringLiteral("profile");
    if (base.endsWith(QLatin1String(".speedscope"))) base.chop(11);
    return QDir(dir).filePath(base + extension);
}

QString withExtension(QString path, const QString& extension) {
    if (QFileInfo(path).suffix().isEmpty()) path += extension;
    return path;
}

} // namespace

bool MainWindow::exportProfile(const QString& path, FileFormat format) {
    if (!document_->hasProfile()) return false;
    WriteOptions options;
    options.title = QFileInfo(document_->filePath().isEmpty() ? path : document_->filePath()).fileName().toStdString();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Result<void> written = writeProfileFile(*document_->profile(), path.toStdString(), format, options);
    QApplication::restoreOverrideCursor();
    if (!written) {
        showError(tr("Spyglass cannot write %1.").arg(QFileInfo(path).fileName()),
                  QString::fromStdString(written.error().message));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::exportCurrentViewPng(const QString& path) {
    const QImage image = currentPage() == FlameGraphPage ? flamePage_->view()->renderImage()
                                                         : pages_->currentWidget()->grab().toImage();
    if (image.isNull() || !image.save(path, "PNG")) {
        showError(tr("Spyglass cannot write %1.").arg(QFileInfo(path).fileName()),
                  tr("The image could not be saved there."));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::exportWithDialog(FileFormat format) {
    if (!document_->hasProfile()) return;
    const QString extension = exportExtension(format);
    QString path = QFileDialog::getSaveFileName(this, tr("Export Profile"), suggestedPath(document_->filePath(), extension),
                                                exportFileFilter(format));
    if (path.isEmpty()) return;
    path = withExtension(path, extension);
    QSettings().setValue(QStringLiteral("lastExportDir"), QFileInfo(path).absolutePath());
    exportProfile(path, format);
}

void MainWindow::exportPngWithDialog() {
    const QString suffix = QLatin1Char('-') + pages_->tabText(pages_->currentIndex()).toLower().replace(QLatin1Char(' '), QLatin1Char('-')) +
                           QStringLiteral(".png");
    QString path = QFileDialog::getSaveFileName(this, tr("Save View as PNG"), suggestedPath(document_->filePath(), suffix),
                                                tr("PNG image (*.png)"));
    if (path.isEmpty()) return;
    path = withExtension(path, QStringLiteral(".png"));
    QSettings().setValue(QStringLiteral("lastExportDir"), QFileInfo(path).absolutePath());
    exportCurrentViewPng(path);
}

} // namespace spyglass::gui
