#pragma once

#include "core/diffusion/EngineSettings.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace fr2r::ui {

// The model (base model, negative embedding, optional LoRA), where to run it and the language.
// Every path is checked as it is typed, with the problem written under the field.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const fr2r::core::EngineSettings& settings, const QStringList& recentModels,
                   const QString& language, QWidget* parent = nullptr);

    fr2r::core::EngineSettings engineSettings() const;
    QString language() const; // "" = system
    bool isValid() const;

    // An empty string when path is usable, otherwise what is wrong and what to do.
    static QString checkModelPath(const QString& path);
    static QString checkWeightsFile(const QString& path, bool optional);

private:
    QLineEdit* addPathRow(QFormLayout* form, const QString& label, const QString& name, const QString& tip,
                          QLabel** status);
    void validate();

    QComboBox* m_model = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLineEdit* m_negative = nullptr;
    QLabel* m_negativeStatus = nullptr;
    QLineEdit* m_lora = nullptr;
    QLabel* m_loraStatus = nullptr;
    QDoubleSpinBox* m_loraMultiplier = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QComboBox* m_language = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace fr2r::ui
