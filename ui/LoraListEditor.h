#pragma once

#include "core/api/EngineSettings.h"

#include <QWidget>

#include <vector>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace fr2r::ui {

// The LoRAs merged into the model, in order: one row per file with its multiplier, rows added and removed by
// the user. Each path is checked as it is typed, with the problem written under the row.
class LoraListEditor : public QWidget
{
    Q_OBJECT

public:
    explicit LoraListEditor(QWidget* parent = nullptr);

    void setLoras(const std::vector<fr2r::core::LoraSpec>& loras); // replaces the rows, emits nothing
    std::vector<fr2r::core::LoraSpec> loras() const;              // rows with an empty path left out
    void validate();
    bool isValid() const; // as of the last validate()

Q_SIGNALS:
    void changed();

private:
    struct Row
    {
        QWidget* widget = nullptr;
        QLineEdit* path = nullptr;
        QPushButton* browse = nullptr;
        QDoubleSpinBox* multiplier = nullptr;
        QPushButton* remove = nullptr;
        QLabel* status = nullptr;
    };

    void addRow(const fr2r::core::LoraSpec& lora);
    void removeRow(QWidget* widget);
    void nameRows();
    Row buildRow(const fr2r::core::LoraSpec& lora);

    QVBoxLayout* m_rowsLayout = nullptr;
    QPushButton* m_add = nullptr;
    std::vector<Row> m_rows;
};

} // namespace fr2r::ui
