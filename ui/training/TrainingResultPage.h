#pragma once

#include <QWizardPage>

class QLabel;

namespace fr2r::ui {

// The training wizard's last page: where the pack went and that the main window loads it, or what went wrong
// and what to change.
class TrainingResultPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit TrainingResultPage(QWidget* parent = nullptr);

    void showOutcome(bool trained, const QString& text);
    bool trained() const { return m_trained; }

private:
    QLabel* m_text;
    bool m_trained = false;
};

} // namespace fr2r::ui
