#include "ui/training/TrainingSettingsPage.h"

#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace fr2r::ui {
namespace {

QSpinBox* spinBox(const char* name, int minimum, int maximum, int step = 1)
{
    auto* box = new QSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    return box;
}

QDoubleSpinBox* rateBox(const char* name)
{
    auto* box = new QDoubleSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setDecimals(6);
    box->setRange(1e-6, 1.0);
    box->setSingleStep(1e-5);
    return box;
}

} // namespace

TrainingSettingsPage::TrainingSettingsPage(QWidget* parent)
    : QWizardPage(parent)
    , m_loraSteps(spinBox("loraStepsSpin", 1, 1000000))
    , m_embeddingSteps(spinBox("embeddingStepsSpin", 1, 1000000))
    , m_rank(spinBox("rankSpin", 1, 256))
    , m_vectors(spinBox("vectorsSpin", 1, 16))
    , m_resolution(spinBox("resolutionSpin", 64, 1024, 64))
    , m_batch(spinBox("batchSpin", 1, 64))
    , m_loraRate(rateBox("loraRateSpin"))
    , m_embeddingRate(rateBox("embeddingRateSpin"))
    , m_checkpointEvery(spinBox("checkpointEverySpin", 1, 1000000))
    , m_cacheLatents(new QCheckBox(tr("Encode every image once (faster steps)")))
    , m_gradientCheckpointing(new QCheckBox(tr("Gradient checkpointing (less memory, slower steps)")))
    , m_render(new QLineEdit)
    , m_previewEvery(spinBox("previewEverySpin", 0, 1000000))
    , m_estimate(new QPushButton(tr("Estimate")))
    , m_estimateLabel(new QLabel)
{
    setTitle(tr("Settings"));
    setSubTitle(tr("The defaults follow diffusers' LoRA and textual-inversion scripts; lower the resolution or the "
                   "batch when memory runs out."));
    m_resolution->setSuffix(tr(" px"));
    m_previewEvery->setSpecialValueText(tr("no preview"));
    m_cacheLatents->setObjectName(QStringLiteral("cacheLatentsCheck"));
    m_cacheLatents->setToolTip(tr("The VAE is frozen: the latents of every image and of its mirror image are "
                                  "computed before the first step and kept in memory"));
    m_gradientCheckpointing->setObjectName(QStringLiteral("gradientCheckpointingCheck"));
    m_gradientCheckpointing->setToolTip(tr("Recomputes each UNet block's activations during the backward pass "
                                           "instead of keeping them: for larger resolutions or batches"));
    m_render->setObjectName(QStringLiteral("previewRenderEdit"));
    m_render->setPlaceholderText(tr("optional"));
    m_render->setToolTip(tr("A render translated with the weights trained so far, every few steps, with the main "
                            "window's parameters"));
    m_estimate->setObjectName(QStringLiteral("estimateButton"));
    m_estimateLabel->setObjectName(QStringLiteral("estimateLabel"));
    m_estimateLabel->setWordWrap(true);
    auto* browseButton = new QPushButton(tr("Browse…"));
    browseButton->setObjectName(QStringLiteral("previewRenderBrowseButton"));
    auto* renderRow = new QHBoxLayout;
    renderRow->addWidget(m_render, 1);
    renderRow->addWidget(browseButton);
    auto* estimateRow = new QHBoxLayout;
    estimateRow->addWidget(m_estimate);
    estimateRow->addWidget(m_estimateLabel, 1);
    m_render->setMinimumWidth(360);
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint); // numbers need no page-wide boxes
    form->addRow(tr("LoRA steps:"), m_loraSteps);
    form->addRow(tr("Embedding steps:"), m_embeddingSteps);
    form->addRow(tr("LoRA rank:"), m_rank);
    form->addRow(tr("Token vectors:"), m_vectors);
    form->addRow(tr("Resolution:"), m_resolution);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("LoRA learning rate:"), m_loraRate);
    form->addRow(tr("Embedding learning rate:"), m_embeddingRate);
    form->addRow(tr("Checkpoint every (steps):"), m_checkpointEvery);
    form->addRow(tr("Latents:"), m_cacheLatents);
    form->addRow(tr("Memory:"), m_gradientCheckpointing);
    form->addRow(tr("Preview render:"), renderRow);
    form->addRow(tr("Preview every (steps):"), m_previewEvery);
    form->addRow(estimateRow);
    connect(m_estimate, &QPushButton::clicked, this, [this] {
        m_estimate->setEnabled(false);
        m_estimateLabel->setText(tr("Measuring one training step… (it waits for a running translation)"));
        Q_EMIT estimateRequested();
    });
    connect(browseButton, &QPushButton::clicked, this, &TrainingSettingsPage::browseRender);
    connect(m_render, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
}

void TrainingSettingsPage::setChoices(const TrainingChoices& choices)
{
    m_loraSteps->setValue(static_cast<int>(choices.lora.steps));
    m_embeddingSteps->setValue(static_cast<int>(choices.embedding.steps));
    m_rank->setValue(static_cast<int>(choices.lora.rank));
    m_vectors->setValue(static_cast<int>(choices.embedding.vectors));
    m_resolution->setValue(static_cast<int>(choices.lora.resolution));
    m_batch->setValue(static_cast<int>(choices.lora.batchSize));
    m_loraRate->setValue(choices.lora.learningRate);
    m_embeddingRate->setValue(choices.embedding.learningRate);
    m_checkpointEvery->setValue(static_cast<int>(choices.lora.checkpointEvery));
    m_cacheLatents->setChecked(choices.lora.cacheLatents);
    m_gradientCheckpointing->setChecked(choices.lora.gradientCheckpointing);
    m_render->setText(QDir::toNativeSeparators(choices.previewRender));
    m_previewEvery->setValue(choices.previewEvery);
}

void TrainingSettingsPage::applyTo(TrainingChoices& choices) const
{
    for (fr2r::core::TrainingSettings* stage : {&choices.lora, &choices.embedding}) {
        const bool lora = stage->stage == fr2r::core::TrainingStage::Lora;
        stage->steps = (lora ? m_loraSteps : m_embeddingSteps)->value();
        stage->learningRate = (lora ? m_loraRate : m_embeddingRate)->value();
        stage->rank = m_rank->value();
        stage->alpha = static_cast<double>(m_rank->value()); // alpha follows the rank, as fashionr2r-cli train
        stage->vectors = m_vectors->value();
        stage->resolution = m_resolution->value();
        stage->batchSize = m_batch->value();
        stage->checkpointEvery = m_checkpointEvery->value();
        stage->cacheLatents = m_cacheLatents->isChecked();
        stage->gradientCheckpointing = m_gradientCheckpointing->isChecked();
    }
    choices.previewRender = m_render->text().trimmed();
    choices.previewEvery = m_previewEvery->value();
}

void TrainingSettingsPage::showEstimate(const QString& text)
{
    m_estimate->setEnabled(true);
    m_estimateLabel->setText(text);
}

bool TrainingSettingsPage::isComplete() const
{
    const QString render = m_render->text().trimmed();
    return render.isEmpty() || QFileInfo(render).isFile();
}

void TrainingSettingsPage::browseRender()
{
    const QString chosen = QFileDialog::getOpenFileName(this, tr("Choose the preview render"), m_render->text(),
                                                        tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.webp *.bmp)"));
    if (!chosen.isEmpty())
        m_render->setText(QDir::toNativeSeparators(chosen));
}

} // namespace fr2r::ui
