#include "ui/ModelLoadFailure.h"

#include <QCoreApplication>

namespace fr2r::ui {

QString modelLoadFailureText(const QString& message, const fr2r::core::EngineSettings& settings)
{
    const auto names = [&message](const std::string& path) {
        return !path.empty() && message.contains(QString::fromStdString(path));
    };
    // The window's translation context: these sentences were the window's own.
    if (names(settings.negativeEmbeddingPath))
        return QCoreApplication::translate(
            "fr2r::ui::MainWindow", "The negative embedding could not be loaded: choose another in File > Settings.");
    for (const auto& lora : settings.loras)
        if (names(lora.path))
            return QCoreApplication::translate("fr2r::ui::MainWindow",
                                               "The LoRA could not be loaded: choose another in File > Settings.");
    if (names(settings.packPath))
        return QCoreApplication::translate(
            "fr2r::ui::MainWindow", "The domain pack could not be loaded: choose another in File > Settings.");
    return QCoreApplication::translate("fr2r::ui::MainWindow",
                                       "The base model could not be loaded: open File > Settings and check it.");
}

} // namespace fr2r::ui
