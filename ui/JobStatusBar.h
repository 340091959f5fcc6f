#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace fr2r::ui {

// The bottom strip: what runs now (phase, step of total, time left) with Cancel and Cancel all.
class JobStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit JobStatusBar(QWidget* parent = nullptr);

    void showProgress(const QString& phase, int step, int total, double etaSeconds);
    void showBatch(int done, int total, double etaSeconds); // overall line of Translate all
    void setBusy(bool busy);
    void showCancelling(); // at once, until the job has stopped or the next one reports
    // What the view shows meanwhile ("Preview — full size running…"); "" hides it.
    void setNote(const QString& note);
    QString note() const;
    QString text() const;
    static QString formatEta(double seconds); // "0:04 left", "" when unknown

Q_SIGNALS:
    void cancelRequested();
    void cancelAllRequested();

private:
    QProgressBar* m_bar = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_batch = nullptr;
    QLabel* m_note = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_cancelAll = nullptr;
};

} // namespace fr2r::ui
