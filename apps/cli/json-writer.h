// A minimal JSON writer for mpcli's --json output: builds one compact
// document (no newlines inside it, so a stream of them is JSON Lines).

#ifndef MPCLI_JSON_WRITER_H
#define MPCLI_JSON_WRITER_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpcli {

//! "text" as a JSON string literal, quotes included: `"` and `\` are
//! escaped, control characters become \n, \t, ... or \u00XX, and bytes that
//! are not valid UTF-8 become U+FFFD, so the result is always valid JSON
//! whatever a node or wallet sent.
std::string JsonQuote(std::string_view text);

//! Appends values in document order. Commas and colons are placed by the
//! writer; misuse (a key outside an object, a value where a key is due,
//! unbalanced end*()) is a bug in the caller and throws std::logic_error.
class JsonWriter
{
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    //! The name of the next member of the current object.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& integer(int64_t value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    //! A number already formatted as JSON, e.g. an amount "12.50000000"
    //! (written as text so that no amount passes through a double).
    JsonWriter& number(std::string_view literal);

    //! The document; throws std::logic_error if it is not complete.
    const std::string& text() const;

private:
    enum class Container { Object, Array };
    struct Level
    {
        Container container;
        bool empty = true;
        bool key_pending = false; //!< a key was written, its value is due
    };
    //! Writes the separator a value needs here, or throws if none may go here.
    void beforeValue();
    JsonWriter& close(Container container, char bracket);

    std::string m_out;
    std::vector<Level> m_levels;
    bool m_done{false};
};

} // namespace mpcli

#endif // MPCLI_JSON_WRITER_H
