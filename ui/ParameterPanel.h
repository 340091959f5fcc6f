#pragma once

#include "core/api/RigParams.h"

#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;
class QToolButton;

namespace fr2r::ui {

// Strength and gamma (the two knobs that matter) up front, the rest under Advanced. Emits
// paramsChanged once the user has been calm for kDebounceMs; a slider only counts when released.
class ParameterPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDebounceMs = 300;
    static constexpr int kAutoUpdateSeconds = 10; // longer runs wait for Translate

    explicit ParameterPanel(QWidget* parent = nullptr);

    fr2r::core::RigParams params() const;
    void setParams(const fr2r::core::RigParams& params); // shows them; emits nothing
    QString stepsText() const;                           // "15 of 50 steps"
    bool autoUpdate() const;                             // translate on every change of image or parameters
    void setAutoUpdate(bool on);

Q_SIGNALS:
    void paramsChanged(const fr2r::core::RigParams& params);
    void translateRequested();

private:
    QWidget* buildAdvanced();
    void addSliderRow(QGridLayout* grid, int row, const QString& label, QSlider* slider, QDoubleSpinBox* spin);
    void connectSlider(QSlider* slider, QDoubleSpinBox* spin);
    void scheduleChange();
    void updateStepsLabel();

    fr2r::core::RigParams m_base; // the fields the panel does not show (source prompt, compat)
    QSlider* m_strengthSlider = nullptr;
    QDoubleSpinBox* m_strengthSpin = nullptr;
    QSlider* m_gammaSlider = nullptr;
    QDoubleSpinBox* m_gammaSpin = nullptr;
    QLabel* m_stepsLabel = nullptr;
    QToolButton* m_advancedToggle = nullptr;
    QWidget* m_advanced = nullptr;
    QSpinBox* m_steps = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QLineEdit* m_prompt = nullptr;
    QSpinBox* m_workingSize = nullptr;
    QCheckBox* m_keepInputSize = nullptr;
    std::array<QCheckBox*, 4> m_levels{};
    QComboBox* m_branches = nullptr;
    QPushButton* m_translate = nullptr;
    QCheckBox* m_autoUpdate = nullptr;
    QTimer* m_debounce = nullptr;
};

} // namespace fr2r::ui
