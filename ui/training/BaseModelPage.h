#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QRadioButton;

namespace fr2r::ui {

// The training wizard's first page: the base model the pack is trained for, the loaded one by default.
class BaseModelPage : public QWizardPage
{
    Q_OBJECT

public:
    BaseModelPage(const QString& loadedModel, const QString& loadedDescription, QWidget* parent = nullptr);

    QString modelPath() const;
    bool usesLoadedModel() const;
    void setOtherModel(const QString& path); // empty: the loaded model
    bool isComplete() const override;

private:
    void browse(bool folder);
    void validate();

    QString m_loadedModel;
    QRadioButton* m_loaded;
    QRadioButton* m_other;
    QLineEdit* m_path;
    QLabel* m_status;
};

} // namespace fr2r::ui
