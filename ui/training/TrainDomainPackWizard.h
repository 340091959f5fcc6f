#pragma once

#include "core/api/EngineSettings.h"
#include "core/training/DomainPackTrainer.h"
#include "ui/training/TrainingChoices.h"

#include <QImage>
#include <QWizard>

#include <functional>

namespace fr2r::ui {

class AppSettings;
class BaseModelPage;
class EngineController;
class TrainingDataPage;
class TrainingResultPage;
class TrainingRunPage;
class TrainingSettingsPage;

// Tools > Train domain pack…: base model, the two image folders and the pack folder, settings with a measured
// estimate, the training itself (through EngineController's one worker) and the outcome. A trained pack becomes
// the settings' domain pack and packReady() asks the window to reload the model. Closing mid-run asks, then
// cancels and waits; the last checkpoint stays, and reopening on the same pack folder offers to resume.
class TrainDomainPackWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { ModelPageId, DataPageId, SettingsPageId, RunPageId, ResultPageId };

    // loaded: the window's model settings (its model is the default base model).
    TrainDomainPackWizard(EngineController* engine, AppSettings& settings, const fr2r::core::EngineSettings& loaded,
                          QWidget* parent = nullptr);

    bool isTraining() const;
    bool mayQuitApplication(); // asks first while training (the last checkpoint is kept)
    void reject() override; // mid-run: asks, then cancels and closes once the run stopped

Q_SIGNALS:
    void packReady(const QString& packFolder); // saved as the settings' pack: reload the model

protected:
    void initializePage(int id) override;

private:
    struct Prepared
    {
        fr2r::core::DomainPackJob job;
        QImage before; // the preview render at its translated size
        QString error;
    };
    // The job of choices; the preview translates with previewParams at no more than the training resolution.
    static Prepared prepare(const TrainingChoices& choices, const fr2r::core::EngineSettings& engine,
                            const fr2r::core::RigParams& previewParams, bool resume);

    TrainingChoices choices() const;
    void prepareThen(std::function<void(const Prepared&)> then);
    void estimate();
    void showProbe(double secondsPerStep, qint64 peakBytes, bool deviceMemory);
    void startTraining();
    void finishRun(bool trained, const QString& message);

    EngineController* m_engine;
    AppSettings& m_settings;
    fr2r::core::EngineSettings m_loaded;
    BaseModelPage* m_modelPage;
    TrainingDataPage* m_dataPage;
    TrainingSettingsPage* m_settingsPage;
    TrainingRunPage* m_runPage;
    TrainingResultPage* m_resultPage;
    quint64 m_probeJob = 0;
    qint64 m_probedSteps = 0;
    bool m_closeAfterRun = false;
};

} // namespace fr2r::ui
