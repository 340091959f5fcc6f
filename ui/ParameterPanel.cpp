#include "ui/ParameterPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>

namespace fr2r::ui {
namespace {

constexpr int kSliderScale = 100; // slider ticks per unit: two decimals

QDoubleSpinBox* unitSpin(const QString& name)
{
    auto* spin = new QDoubleSpinBox;
    spin->setObjectName(name);
    spin->setRange(0.0, 1.0);
    spin->setDecimals(2);
    spin->setSingleStep(0.05);
    spin->setKeyboardTracking(false);
    return spin;
}

QSlider* unitSlider(const QString& name)
{
    auto* slider = new QSlider(Qt::Horizontal);
    slider->setObjectName(name);
    slider->setRange(0, kSliderScale);
    slider->setPageStep(10);
    return slider;
}

} // namespace

ParameterPanel::ParameterPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("parameterPanel"));
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { Q_EMIT paramsChanged(params()); });

    m_strengthSlider = unitSlider(QStringLiteral("strengthSlider"));
    m_strengthSpin = unitSpin(QStringLiteral("strengthSpin"));
    const QString strengthTip =
        tr("Denoising strength s: the share of the N steps that are inverted and regenerated (K = floor(N·s)).\n"
           "Higher looks more realistic but drifts from the render's texture and details; lower keeps the render.");
    m_strengthSlider->setToolTip(strengthTip);
    m_strengthSpin->setToolTip(strengthTip);
    m_gammaSlider = unitSlider(QStringLiteral("gammaSlider"));
    m_gammaSpin = unitSpin(QStringLiteral("gammaSpin"));
    const QString gammaTip =
        tr("TAC ratio γ: the share of the K steps whose self-attention copies the render's queries and keys.\n"
           "Higher preserves the render's textures and identity; lower lets the model add realism freely.\n"
           "Changing only γ reuses the cached inversion, so it is fast.");
    m_gammaSlider->setToolTip(gammaTip);
    m_gammaSpin->setToolTip(gammaTip);
    m_stepsLabel = new QLabel;
    m_stepsLabel->setObjectName(QStringLiteral("stepsLabel"));
    m_stepsLabel->setToolTip(tr("K of N: how many of the N sampling steps this strength regenerates"));

    auto* grid = new QGridLayout;
    addSliderRow(grid, 0, tr("Strength"), m_strengthSlider, m_strengthSpin);
    grid->addWidget(m_stepsLabel, 2, 0, 1, 2, Qt::AlignRight);
    addSliderRow(grid, 3, tr("Gamma"), m_gammaSlider, m_gammaSpin);
    auto* hints = new QHBoxLayout;
    auto* texture = new QLabel(tr("◀ texture"));
    auto* real = new QLabel(tr("real ▶"));
    texture->setToolTip(tr("Towards the left the render's texture is kept"));
    real->setToolTip(tr("Towards the right the result looks more like a photograph"));
    hints->addWidget(texture);
    hints->addStretch();
    hints->addWidget(real);
    grid->addLayout(hints, 5, 0, 1, 2);

    m_advancedToggle = new QToolButton;
    m_advancedToggle->setObjectName(QStringLiteral("advancedToggle"));
    m_advancedToggle->setText(tr("Advanced"));
    m_advancedToggle->setToolTip(tr("Steps, guidance, prompt, working size and texture-control levels"));
    m_advancedToggle->setCheckable(true);
    m_advancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedToggle->setArrowType(Qt::RightArrow);
    m_advancedToggle->setAutoRaise(true);
    m_advanced = buildAdvanced();
    m_advanced->setVisible(false);
    connect(m_advancedToggle, &QToolButton::toggled, this, [this](bool open) {
        m_advanced->setVisible(open);
        m_advancedToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });

    m_translate = new QPushButton(tr("Translate"));
    m_translate->setObjectName(QStringLiteral("translateButton"));
    m_translate->setToolTip(tr("Translate the current image with these parameters (Ctrl+Enter)"));
    connect(m_translate, &QPushButton::clicked, this, &ParameterPanel::translateRequested);
    m_autoUpdate = new QCheckBox(tr("Update automatically"));
    m_autoUpdate->setObjectName(QStringLiteral("autoUpdateCheck"));
    m_autoUpdate->setChecked(true);
    m_autoUpdate->setToolTip(tr("Translate again whenever the image or a parameter changes. Switched off for images "
                                "that take longer than about %1 s on this device (measured on the previous run)")
                                 .arg(kAutoUpdateSeconds));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_advancedToggle);
    layout->addWidget(m_advanced);
    layout->addWidget(m_translate);
    layout->addWidget(m_autoUpdate);
    layout->addStretch();

    connectSlider(m_strengthSlider, m_strengthSpin);
    connectSlider(m_gammaSlider, m_gammaSpin);
    setParams(fr2r::core::RigParams());
}

QWidget* ParameterPanel::buildAdvanced()
{
    auto* box = new QWidget;
    box->setObjectName(QStringLiteral("advancedBox"));
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);

    m_steps = new QSpinBox;
    m_steps->setObjectName(QStringLiteral("stepsSpin"));
    m_steps->setRange(1, 1000);
    m_steps->setToolTip(tr("N, the sampling steps of the full schedule; only K = floor(N·s) of them run"));
    m_guidance = new QDoubleSpinBox;
    m_guidance->setObjectName(QStringLiteral("guidanceSpin"));
    m_guidance->setRange(0.0, 50.0);
    m_guidance->setDecimals(2);
    m_guidance->setSingleStep(0.5);
    m_guidance->setToolTip(tr("Guidance w: how strongly the result is pushed away from the rendered look\n"
                              "(the negative embedding) towards the prompt"));
    m_prompt = new QLineEdit;
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_prompt->setPlaceholderText(tr("empty, as the authors ran it"));
    m_prompt->setToolTip(tr("Positive prompt; usually left empty"));
    m_workingSize = new QSpinBox;
    m_workingSize->setObjectName(QStringLiteral("workingSizeSpin"));
    m_workingSize->setRange(64, 2048);
    m_workingSize->setSingleStep(64);
    m_workingSize->setSuffix(tr(" px"));
    m_workingSize->setToolTip(tr("Long side the image is processed at, never above the image's own; the other side "
                                 "keeps the image's aspect. Larger is slower"));
    m_keepInputSize = new QCheckBox(tr("Output at the input's size"));
    m_keepInputSize->setObjectName(QStringLiteral("keepInputSizeCheck"));
    m_keepInputSize->setToolTip(tr("Scale each result back to its render's size (otherwise it has the working size)"));
    auto* levels = new QHBoxLayout;
    for (int level = 0; level < static_cast<int>(m_levels.size()); ++level) {
        auto* check = new QCheckBox(QString::number(level));
        check->setObjectName(QStringLiteral("tacLevel%1").arg(level));
        check->setToolTip(tr("Apply texture-aware attention control at resolution level %1 (0 = finest)").arg(level));
        levels->addWidget(check);
        connect(check, &QCheckBox::toggled, this, &ParameterPanel::scheduleChange);
        m_levels[level] = check;
    }
    m_branches = new QComboBox;
    m_branches->setObjectName(QStringLiteral("tacBranchesCombo"));
    m_branches->addItem(tr("Positive"), static_cast<int>(fr2r::core::TacBranches::Positive));
    m_branches->addItem(tr("Both"), static_cast<int>(fr2r::core::TacBranches::Both));
    m_branches->setToolTip(tr("Which generated branches take the render's queries and keys"));

    form->addRow(tr("Steps"), m_steps);
    form->addRow(tr("Guidance"), m_guidance);
    form->addRow(tr("Prompt"), m_prompt);
    form->addRow(tr("Working size"), m_workingSize);
    form->addRow(QString(), m_keepInputSize);
    form->addRow(tr("TAC levels"), levels);
    form->addRow(tr("TAC branches"), m_branches);

    connect(m_steps, qOverload<int>(&QSpinBox::valueChanged), this, [this] { updateStepsLabel(); scheduleChange(); });
    connect(m_guidance, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &ParameterPanel::scheduleChange);
    connect(m_prompt, &QLineEdit::textEdited, this, &ParameterPanel::scheduleChange);
    connect(m_workingSize, qOverload<int>(&QSpinBox::valueChanged), this, &ParameterPanel::scheduleChange);
    connect(m_keepInputSize, &QCheckBox::toggled, this, &ParameterPanel::scheduleChange);
    connect(m_branches, qOverload<int>(&QComboBox::currentIndexChanged), this, &ParameterPanel::scheduleChange);
    return box;
}

void ParameterPanel::addSliderRow(QGridLayout* grid, int row, const QString& label, QSlider* slider,
                                  QDoubleSpinBox* spin)
{
    grid->addWidget(new QLabel(label), row, 0);
    grid->addWidget(spin, row, 1, Qt::AlignRight);
    grid->addWidget(slider, row + 1, 0, 1, 2);
}

void ParameterPanel::connectSlider(QSlider* slider, QDoubleSpinBox* spin)
{
    connect(slider, &QSlider::valueChanged, this, [this, slider, spin](int value) {
        const QSignalBlocker blocker(spin);
        spin->setValue(static_cast<double>(value) / kSliderScale);
        updateStepsLabel();
        if (!slider->isSliderDown()) // keyboard or click on the groove
            scheduleChange();
    });
    connect(slider, &QSlider::sliderReleased, this, &ParameterPanel::scheduleChange);
    connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this, slider](double value) {
        const QSignalBlocker blocker(slider);
        slider->setValue(static_cast<int>(std::lround(value * kSliderScale)));
        updateStepsLabel();
        scheduleChange();
    });
}

fr2r::core::RigParams ParameterPanel::params() const
{
    fr2r::core::RigParams params = m_base;
    params.strength = m_strengthSpin->value();
    params.gamma = m_gammaSpin->value();
    params.steps = m_steps->value();
    params.guidance = m_guidance->value();
    // Composed (NFC) as CLIP's tokenizer expects: "é" typed as e + combining accent is the same prompt.
    params.positivePrompt = m_prompt->text().normalized(QString::NormalizationForm_C).toStdString();
    params.workingSize = m_workingSize->value();
    params.restoreInputSize = m_keepInputSize->isChecked();
    params.tacLevels.clear();
    for (int level = 0; level < static_cast<int>(m_levels.size()); ++level)
        if (m_levels[level]->isChecked())
            params.tacLevels.push_back(level);
    params.tacBranches = static_cast<fr2r::core::TacBranches>(m_branches->currentData().toInt());
    return params;
}

void ParameterPanel::setParams(const fr2r::core::RigParams& params)
{
    const QList<QWidget*> editors{m_strengthSlider, m_strengthSpin, m_gammaSlider, m_gammaSpin, m_steps,
                                  m_guidance, m_prompt, m_workingSize, m_keepInputSize, m_branches, m_levels[0], m_levels[1],
                                  m_levels[2], m_levels[3]};
    std::vector<std::unique_ptr<QSignalBlocker>> blockers;
    for (QWidget* editor : editors)
        blockers.push_back(std::make_unique<QSignalBlocker>(editor));
    m_base = params;
    m_strengthSpin->setValue(params.strength);
    m_strengthSlider->setValue(static_cast<int>(std::lround(params.strength * kSliderScale)));
    m_gammaSpin->setValue(params.gamma);
    m_gammaSlider->setValue(static_cast<int>(std::lround(params.gamma * kSliderScale)));
    m_steps->setValue(params.steps);
    m_guidance->setValue(params.guidance);
    m_prompt->setText(QString::fromStdString(params.positivePrompt));
    m_workingSize->setValue(params.workingSize);
    m_keepInputSize->setChecked(params.restoreInputSize);
    for (int level = 0; level < static_cast<int>(m_levels.size()); ++level)
        m_levels[level]->setChecked(std::find(params.tacLevels.begin(), params.tacLevels.end(), level) !=
                                    params.tacLevels.end());
    m_branches->setCurrentIndex(m_branches->findData(static_cast<int>(params.tacBranches)));
    m_debounce->stop();
    updateStepsLabel();
}

bool ParameterPanel::autoUpdate() const
{
    return m_autoUpdate->isChecked();
}

void ParameterPanel::setAutoUpdate(bool on)
{
    m_autoUpdate->setChecked(on);
}

QString ParameterPanel::stepsText() const
{
    const fr2r::core::RigParams current = params();
    return tr("%1 of %2 steps").arg(current.effectiveSteps()).arg(current.steps);
}

void ParameterPanel::scheduleChange()
{
    m_debounce->start(); // restarts: only the last of a burst of changes is emitted
}

void ParameterPanel::updateStepsLabel()
{
    m_stepsLabel->setText(stepsText());
}

} // namespace fr2r::ui
