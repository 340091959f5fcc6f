#include "ui/LoraListEditor.h"

#include "ui/SettingsDialog.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fr2r::ui {

LoraListEditor::LoraListEditor(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("loraListEditor"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    layout->addLayout(m_rowsLayout);
    m_add = new QPushButton(tr("Add LoRA…"));
    m_add->setObjectName(QStringLiteral("addLoraButton"));
    m_add->setToolTip(tr("Add an optional LoRA (.safetensors, kohya or PEFT layout) to merge into the model"));
    layout->addWidget(m_add, 0, Qt::AlignLeft);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow({});
        m_rows.back().path->setFocus();
        Q_EMIT changed();
    });
}

void LoraListEditor::setLoras(const std::vector<fr2r::core::LoraSpec>& loras)
{
    while (!m_rows.empty())
        removeRow(m_rows.back().widget);
    for (const auto& lora : loras)
        addRow(lora);
}

std::vector<fr2r::core::LoraSpec> LoraListEditor::loras() const
{
    std::vector<fr2r::core::LoraSpec> loras;
    for (const Row& row : m_rows)
        if (!row.path->text().trimmed().isEmpty())
            loras.push_back({row.path->text().trimmed().toStdString(), row.multiplier->value()});
    return loras;
}

void LoraListEditor::validate()
{
    for (const Row& row : m_rows) {
        SettingsDialog::showStatus(row.status, SettingsDialog::checkWeightsFile(row.path->text(), true));
        row.multiplier->setEnabled(!row.path->text().trimmed().isEmpty());
    }
}

bool LoraListEditor::isValid() const
{
    return std::all_of(m_rows.begin(), m_rows.end(), [](const Row& row) { return row.status->text().isEmpty(); });
}

void LoraListEditor::addRow(const fr2r::core::LoraSpec& lora)
{
    Row row = buildRow(lora);
    m_rowsLayout->addWidget(row.widget);
    m_rows.push_back(row);
    nameRows();
    // Connected once the values are in, so that filling the row announces nothing.
    connect(row.path, &QLineEdit::textChanged, this, &LoraListEditor::changed);
    connect(row.multiplier, &QDoubleSpinBox::valueChanged, this, &LoraListEditor::changed);
}

LoraListEditor::Row LoraListEditor::buildRow(const fr2r::core::LoraSpec& lora)
{
    Row row;
    row.widget = new QWidget;
    row.path = new QLineEdit(QString::fromStdString(lora.path));
    row.path->setToolTip(tr("An optional LoRA (.safetensors, kohya or PEFT layout) merged into the model"));
    row.path->setClearButtonEnabled(true);
    row.multiplier = new QDoubleSpinBox;
    row.multiplier->setRange(-4.0, 4.0);
    row.multiplier->setDecimals(2);
    row.multiplier->setSingleStep(0.1);
    row.multiplier->setValue(lora.multiplier);
    row.multiplier->setToolTip(tr("How strongly the LoRA is applied (1 = as trained)"));
    row.status = SettingsDialog::statusLabel(QString());
    row.browse = new QPushButton(tr("File…"));
    row.browse->setToolTip(row.path->toolTip());
    row.remove = new QPushButton(tr("Remove"));
    row.remove->setToolTip(tr("Do not merge this LoRA"));
    QLineEdit* path = row.path;
    connect(row.browse, &QPushButton::clicked, this, [this, path] {
        const QString file = QFileDialog::getOpenFileName(this, tr("LoRA"), path->text(), tr("Weights (*.safetensors)"));
        if (!file.isEmpty())
            path->setText(file);
    });
    QWidget* widget = row.widget;
    connect(row.remove, &QPushButton::clicked, this, [this, widget] {
        removeRow(widget);
        Q_EMIT changed();
    });
    auto* grid = new QGridLayout(row.widget);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(row.path, 0, 0);
    grid->addWidget(row.browse, 0, 1);
    grid->addWidget(row.multiplier, 0, 2);
    grid->addWidget(row.remove, 0, 3);
    grid->addWidget(row.status, 1, 0, 1, 4);
    grid->setColumnStretch(0, 1);
    return row;
}

void LoraListEditor::removeRow(QWidget* widget)
{
    const auto found = std::find_if(m_rows.begin(), m_rows.end(), [widget](const Row& row) { return row.widget == widget; });
    if (found == m_rows.end())
        return;
    m_rows.erase(found);
    // Out of the tree at once (its names must not shadow the renumbered rows); deleted once its click returns.
    widget->hide();
    widget->setParent(nullptr);
    widget->deleteLater();
    nameRows();
}

// Object names follow the row's position, so tests and accessibility tools find "loraEdit0", "loraEdit1", ...
void LoraListEditor::nameRows()
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const QString index = QString::number(i);
        m_rows[i].widget->setObjectName(QStringLiteral("loraRow") + index);
        m_rows[i].path->setObjectName(QStringLiteral("loraEdit") + index);
        m_rows[i].browse->setObjectName(QStringLiteral("loraButton") + index);
        m_rows[i].remove->setObjectName(QStringLiteral("removeLoraButton") + index);
        m_rows[i].multiplier->setObjectName(QStringLiteral("loraMultiplierSpin") + index);
        m_rows[i].status->setObjectName(QStringLiteral("loraStatus") + index);
    }
}

} // namespace fr2r::ui
