#pragma once

#include "core/api/EngineSettings.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QSpinBox;

namespace fr2r::ui {

class AppSettings;
class LoraListEditor;

// The model (base model, negative embedding, LoRAs), where to run it, the language and the largest image the
// application opens, and when a slow run shows a preview first. Every path is checked as it is typed, with the
// problem written under the field.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);

    void save(AppSettings& settings) const; // every field, as shown
    fr2r::core::EngineSettings engineSettings() const;
    bool isValid() const;

    // An empty string when path is usable, otherwise what is wrong and what to do.
    static QString checkModelPath(const QString& path);
    static QString checkWeightsFile(const QString& path, bool optional);
    static QString checkPackFolder(const QString& path); // empty is fine: no pack
    // A hidden red label under a field, and how it shows a problem (an empty one hides it).
    static QLabel* statusLabel(const QString& name);
    static void showStatus(QLabel* label, const QString& problem);

private:
    // Widgets first, values second, signals last: a value set before the dialog is complete must not validate.
    void buildWidgets(const QStringList& recentModels);
    QLayout* buildModelRow(const QStringList& recentModels);
    void buildChoices(QFormLayout* form);
    void buildPreviewChoices(QFormLayout* form);
    enum class PathKind { WeightsFile, Folder };
    QLineEdit* addPathRow(QFormLayout* form, const QString& label, const QString& name, const QString& tip,
                          QLabel** status, PathKind kind = PathKind::WeightsFile);
    void setValues(const AppSettings& settings);
    void connectSignals();
    void validate();

    QComboBox* m_model = nullptr;
    QLabel* m_modelStatus = nullptr;
    QLineEdit* m_negative = nullptr;
    QLabel* m_negativeStatus = nullptr;
    QLineEdit* m_pack = nullptr;
    QLabel* m_packStatus = nullptr;
    LoraListEditor* m_loras = nullptr;
    QComboBox* m_device = nullptr;
    QComboBox* m_precision = nullptr;
    QComboBox* m_language = nullptr;
    QSpinBox* m_maxMegapixels = nullptr;
    QDoubleSpinBox* m_previewAfter = nullptr;
    QSpinBox* m_previewSide = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace fr2r::ui
