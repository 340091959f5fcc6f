#pragma once

#include <QToolBar>

class QLabel;

namespace fr2r::ui {

class BeforeAfterView;

// Under the comparison view: Slider | Side by side | Difference, Fit, 100 % and the zoom level.
class ViewToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit ViewToolBar(BeforeAfterView* view, QWidget* parent = nullptr);

private:
    QLabel* m_zoom = nullptr;
};

} // namespace fr2r::ui
