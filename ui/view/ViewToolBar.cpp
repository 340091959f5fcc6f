#include "ui/view/ViewToolBar.h"

#include "ui/view/BeforeAfterView.h"

#include <QActionGroup>
#include <QLabel>

#include <utility>

namespace fr2r::ui {

ViewToolBar::ViewToolBar(BeforeAfterView* view, QWidget* parent)
    : QToolBar(parent)
{
    setObjectName(QStringLiteral("viewToolBar"));
    auto* modes = new QActionGroup(this);
    const std::pair<QString, ViewTransform::Mode> entries[] = {{tr("Slider"), ViewTransform::Mode::Slider},
                                                               {tr("Side by side"), ViewTransform::Mode::SideBySide},
                                                               {tr("Difference"), ViewTransform::Mode::Difference}};
    for (const auto& [label, mode] : entries) {
        QAction* action = addAction(label);
        action->setObjectName(QStringLiteral("mode%1Action").arg(static_cast<int>(mode)));
        action->setToolTip(tr("Show the comparison as: %1").arg(label));
        action->setCheckable(true);
        action->setChecked(mode == view->transform().mode());
        modes->addAction(action);
        connect(action, &QAction::triggered, view, [view, mode = mode] { view->setMode(mode); });
    }
    addSeparator();
    QAction* fit = addAction(tr("Fit"), view, &BeforeAfterView::fitToView);
    fit->setObjectName(QStringLiteral("fitButtonAction"));
    fit->setToolTip(tr("Fit the image in the view (Ctrl+0)"));
    QAction* actual = addAction(tr("100%"), view, &BeforeAfterView::showActualPixels);
    actual->setObjectName(QStringLiteral("actualSizeButtonAction"));
    actual->setToolTip(tr("One image pixel per screen pixel (Ctrl+1)"));
    m_zoom = new QLabel;
    m_zoom->setObjectName(QStringLiteral("zoomLabel"));
    m_zoom->setToolTip(tr("Zoom relative to the screen's pixels"));
    addWidget(m_zoom);
    connect(view, &BeforeAfterView::zoomChanged, this,
            [this](double percent) { m_zoom->setText(tr("zoom %1%").arg(qRound(percent))); });
}

} // namespace fr2r::ui
