#include "ui/training/TrainingResultPage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace fr2r::ui {

TrainingResultPage::TrainingResultPage(QWidget* parent)
    : QWizardPage(parent)
    , m_text(new QLabel)
{
    m_text->setObjectName(QStringLiteral("resultLabel"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addStretch(1);
}

void TrainingResultPage::showOutcome(bool trained, const QString& text)
{
    m_trained = trained;
    setTitle(trained ? tr("Domain pack ready") : tr("Training did not finish"));
    m_text->setText(text);
}

} // namespace fr2r::ui
