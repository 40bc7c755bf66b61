#include "app/gui/attach_dialog.h"

#include "app/gui/pause_target_box.h"
#include "app/gui/python_process_model.h"
#include "core/sampling/recording_target.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace spyglass::gui {

AttachDialog::AttachDialog(QWidget* parent)
    : QDialog(parent), model_(new PythonProcessModel(this)) {
    setObjectName(QStringLiteral("attachDialog"));
    setWindowTitle(tr("Attach to Process"));
    sorted_ = new QSortFilterProxyModel(this);
    sorted_->setSourceModel(model_);
    // A server runs dozens of Pythons: the filter matches pid, user, version or command line.
    sorted_->setFilterKeyColumn(-1);
    sorted_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    filter_ = new QLineEdit(this);
    filter_->setObjectName(QStringLiteral("processFilter"));
    filter_->setPlaceholderText(tr("Filter by pid, user, version or command line"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, sorted_, &QSortFilterProxyModel::setFilterFixedString);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("processTable"));
    table_->setModel(sorted_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(PythonProcessModel::PidColumn, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    state_ = new QLabel(tr("Looking for Python processes…"), this);
    auto* refresh = new QPushButton(tr("Re&fresh"), this);
    pid_ = new QLineEdit(this);
    pid_->setObjectName(QStringLiteral("pidEdit"));
    pid_->setPlaceholderText(tr("or type a process id"));
    rate_ = new QSpinBox(this);
    rate_->setRange(1, 10000);
    rate_->setSuffix(tr(" Hz"));
    rate_->setValue(QSettings().value(QStringLiteral("attach/rate"), 100).toInt());
    rate_->setToolTip(tr("Samples a second"));

    auto* row = new QHBoxLayout;
    row->addWidget(state_, 1);
    row->addWidget(refresh);
    auto* form = new QFormLayout;
    form->addRow(tr("&Process id:"), pid_);
    form->addRow(tr("&Rate:"), rate_);
    pause_ = newPauseTargetBox(this, QStringLiteral("attach/pause"));
    form->addRow(QString(), pause_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Record"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(filter_);
    layout->addWidget(table_, 1);
    layout->addLayout(row);
    layout->addLayout(form);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
        QSettings().setValue(QStringLiteral("attach/rate"), rate_->value());
        savePauseTargetBox(pause_, QStringLiteral("attach/pause"));
        accept();
    });
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(refresh, &QPushButton::clicked, model_, &PythonProcessModel::refresh);
    const auto count = [this] {
        const int all = model_->rowCount(), shown = sorted_->rowCount();
        state_->setText(shown == all ? tr("%n Python process(es)", nullptr, all)
                                     : tr("%1 of %n Python process(es) shown", nullptr, all).arg(shown));
    };
    connect(model_, &PythonProcessModel::refreshed, this, [this, count] {
        count();
        table_->resizeColumnsToContents();
    });
    connect(filter_, &QLineEdit::textChanged, this, count);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AttachDialog::onRowChosen);
    connect(table_, &QTableView::doubleClicked, this, [this] {
        if (pid() > 0) buttons_->button(QDialogButtonBox::Ok)->click();
    });
    connect(pid_, &QLineEdit::textChanged, this, &AttachDialog::updateOk);
    updateOk();
    resize(820, 480);
    filter_->setFocus();
    model_->refresh();
}

int AttachDialog::pid() const {
    const auto parsed = parsePid(pid_->text().trimmed().toStdString());
    return parsed ? *parsed : 0;
}

double AttachDialog::rateHz() const {
    return rate_->value();
}

bool AttachDialog::pauseTarget() const {
    return pause_->isChecked();
}

void AttachDialog::onRowChosen() {
    const QModelIndex current = table_->currentIndex();
    if (current.isValid())
        pid_->setText(QString::number(current.data(PythonProcessModel::PidRole).toInt()));
}

void AttachDialog::updateOk() {
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(pid() > 0);
}

} // namespace spyglass::gui
