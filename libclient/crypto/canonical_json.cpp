#include "crypto/canonical_json.h"

#include <QJsonArray>

#include <algorithm>
#include <limits>
#include <vector>

namespace estafette {

namespace {
constexpr qint64 kMaxSafeInteger = (qint64(1) << 53) - 1;

void appendString(QByteArray &out, const QString &string)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    const QByteArray utf8 = string.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.append(hex[u >> 4]);
                out.append(hex[u & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

bool appendValue(QByteArray &out, const QJsonValue &value);

bool appendObject(QByteArray &out, const QJsonObject &object)
{
    // Byte order of UTF-8 is code point order (QString's own order is UTF-16 code units: wrong beyond U+FFFF).
    std::vector<std::pair<QByteArray, QString>> keys;
    keys.reserve(static_cast<std::size_t>(object.size()));
    for (auto it = object.begin(); it != object.end(); ++it)
        keys.emplace_back(it.key().toUtf8(), it.key());
    std::sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    out.append('{');
    bool first = true;
    for (const auto &[utf8, key] : keys) {
        if (!first)
            out.append(',');
        first = false;
        appendString(out, key);
        out.append(':');
        if (!appendValue(out, object.value(key)))
            return false;
    }
    out.append('}');
    return true;
}

bool appendValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: out.append("null"); return true;
    case QJsonValue::Bool: out.append(value.toBool() ? "true" : "false"); return true;
    case QJsonValue::Double: {
        // Integers only (QJsonValue keeps parsed integers exact; -0 and 1e10 are integral doubles).
        constexpr qint64 notIntegral = std::numeric_limits<qint64>::min();
        const qint64 integer = value.toInteger(notIntegral);
        if (integer == notIntegral || integer > kMaxSafeInteger || integer < -kMaxSafeInteger)
            return false;
        out.append(QByteArray::number(integer));
        return true;
    }
    case QJsonValue::String: appendString(out, value.toString()); return true;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &element : value.toArray()) {
            if (!first)
                out.append(',');
            first = false;
            if (!appendValue(out, element))
                return false;
        }
        out.append(']');
        return true;
    }
    case QJsonValue::Object: return appendObject(out, value.toObject());
    case QJsonValue::Undefined: break;
    }
    return false;
}
} // namespace

CryptoResult<QByteArray> canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    if (!appendValue(out, value))
        return CryptoError::InvalidJson;
    return out;
}

CryptoResult<QByteArray> canonicalJson(const QJsonObject &object)
{
    return canonicalJson(QJsonValue(object));
}

} // namespace estafette
