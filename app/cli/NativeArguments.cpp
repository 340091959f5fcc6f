#include "cli/NativeArguments.h"

#include "core/api/UnicodeText.h"

#include <QCoreApplication>

namespace fr2r::cli {
namespace {

constexpr char16_t kEscapeBase = 0xDC00;

} // namespace

QStringList NativeArguments::decode(int argc, char** argv)
{
#ifdef _WIN32
    (void)argc;
    (void)argv;
    return QCoreApplication::arguments(); // argv is in the ANSI code page there; Qt reads the wide command line
#else
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        const std::string bytes = argv[i];
        QString argument;
        for (size_t offset = 0; offset < bytes.size();) {
            const auto sequence = core::UnicodeText::readUtf8(bytes, offset);
            if (sequence.valid)
                argument += QString::fromUcs4(&sequence.codePoint, 1);
            for (size_t end = offset + sequence.length; !sequence.valid && offset < end; ++offset)
                argument += QChar(static_cast<char16_t>(kEscapeBase + static_cast<unsigned char>(bytes[offset])));
            offset += sequence.valid ? sequence.length : 0;
        }
        arguments << argument;
    }
    return arguments;
#endif
}

std::string NativeArguments::toNative(const QString& argument)
{
    std::string bytes;
    for (qsizetype i = 0; i < argument.size(); ++i) {
        const char16_t unit = argument.at(i).unicode();
        const bool pair = QChar::isHighSurrogate(unit) && i + 1 < argument.size() && argument.at(i + 1).isLowSurrogate();
        if (pair) {
            bytes += core::UnicodeText::encodeUtf8(QChar::surrogateToUcs4(unit, argument.at(i + 1).unicode()));
            ++i;
        } else if (unit >= kEscapeBase + 0x80 && unit <= kEscapeBase + 0xFF) {
            bytes += static_cast<char>(unit - kEscapeBase);
        } else {
            bytes += core::UnicodeText::encodeUtf8(static_cast<char32_t>(unit));
        }
    }
    return bytes;
}

} // namespace fr2r::cli
