#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace fr2r::ui {

class ImageFolderField;

// The training wizard's data page: the real photos, the renders and the pack folder to write (new or empty, or
// holding the checkpoint of a run to resume). Next stays disabled while anything is wrong, with the reason shown.
class TrainingDataPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit TrainingDataPage(QWidget* parent = nullptr);

    QString realFolder() const;
    QString renderedFolder() const;
    QString packFolder() const;
    bool resume() const; // the pack folder holds a checkpoint and the user keeps "Resume training" checked
    void setFolders(const QString& real, const QString& rendered, const QString& pack);
    bool isComplete() const override;

    // Why pack cannot be written to ("" when it can); resumable tells whether it holds a run's checkpoint.
    static QString packProblem(const QString& pack, const QStringList& inputs, bool* resumable);

private:
    void browsePack();
    void validate();

    ImageFolderField* m_real;
    ImageFolderField* m_rendered;
    QLineEdit* m_pack;
    QLabel* m_packStatus;
    QCheckBox* m_resume;
    bool m_packReady = false;
    bool m_resumable = false;
};

} // namespace fr2r::ui
