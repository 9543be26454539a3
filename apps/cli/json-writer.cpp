#include "json-writer.h"

#include <stdexcept>

namespace mpcli {
namespace {

//! Length of the valid UTF-8 sequence starting at text[i], or 0 if the
//! bytes there are not one (overlong forms and surrogates included).
size_t Utf8SequenceLength(std::string_view text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    size_t length;
    unsigned min_code;
    unsigned code;
    if (lead < 0x80) return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2, min_code = 0x80, code = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3, min_code = 0x800, code = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4, min_code = 0x10000, code = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3f);
    }
    if (code < min_code || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
    return length;
}

} // namespace

std::string JsonQuote(std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const size_t length = Utf8SequenceLength(text, i);
            if (length == 0) {
                out += "\xef\xbf\xbd"; // U+FFFD REPLACEMENT CHARACTER
                i += 1;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
    return out;
}

void JsonWriter::beforeValue()
{
    if (m_done) throw std::logic_error("JsonWriter: a value after the end of the document");
    if (m_levels.empty()) return; // the top-level value
    Level& level = m_levels.back();
    if (level.container == Container::Object) {
        if (!level.key_pending) throw std::logic_error("JsonWriter: an object member without a key");
        level.key_pending = false;
        return; // key() wrote the comma and the colon
    }
    if (!level.empty) m_out.push_back(',');
    level.empty = false;
}

JsonWriter& JsonWriter::key(std::string_view name)
{
    if (m_levels.empty() || m_levels.back().container != Container::Object) {
        throw std::logic_error("JsonWriter: a key outside an object");
    }
    Level& level = m_levels.back();
    if (level.key_pending) throw std::logic_error("JsonWriter: two keys in a row");
    if (!level.empty) m_out.push_back(',');
    level.empty = false;
    level.key_pending = true;
    m_out += JsonQuote(name);
    m_out.push_back(':');
    return *this;
}

JsonWriter& JsonWriter::beginObject()
{
    beforeValue();
    m_out.push_back('{');
    m_levels.push_back({Container::Object});
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    beforeValue();
    m_out.push_back('[');
    m_levels.push_back({Container::Array});
    return *this;
}

JsonWriter& JsonWriter::close(Container container, char bracket)
{
    if (m_levels.empty() || m_levels.back().container != container) {
        throw std::logic_error("JsonWriter: unbalanced end of object or array");
    }
    if (m_levels.back().key_pending) throw std::logic_error("JsonWriter: a key without a value");
    m_levels.pop_back();
    m_out.push_back(bracket);
    if (m_levels.empty()) m_done = true;
    return *this;
}

JsonWriter& JsonWriter::endObject() { return close(Container::Object, '}'); }
JsonWriter& JsonWriter::endArray() { return close(Container::Array, ']'); }

JsonWriter& JsonWriter::string(std::string_view value)
{
    beforeValue();
    m_out += JsonQuote(value);
    if (m_levels.empty()) m_done = true;
    return *this;
}

JsonWriter& JsonWriter::integer(int64_t value) { return number(std::to_string(value)); }

JsonWriter& JsonWriter::boolean(bool value) { return number(value ? "true" : "false"); }

JsonWriter& JsonWriter::null() { return number("null"); }

JsonWriter& JsonWriter::number(std::string_view literal)
{
    beforeValue();
    m_out.append(literal);
    if (m_levels.empty()) m_done = true;
    return *this;
}

const std::string& JsonWriter::text() const
{
    if (!m_done) throw std::logic_error("JsonWriter: the document is incomplete");
    return m_out;
}

} // namespace mpcli
