#include "calculator-parser.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

namespace {

//! Recursive-descent parser that evaluates while it parses.
//!
//!   expression := term (('+' | '-') term)*
//!   term       := factor (('*' | '/') factor)*
//!   factor     := ('+' | '-') factor | number | '(' expression ')'
//!   number     := digits ['.' digits] | '.' digits
class Parser
{
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    double parseAll()
    {
        const double value = parseExpression();
        skipSpaces();
        if (m_pos < m_text.size()) {
            fail(std::string("unexpected '") + m_text[m_pos] + "'");
        }
        return value;
    }

private:
    //! Parentheses and unary signs nest this deep at most, so that a hostile
    //! line cannot overflow the stack of the calculator process.
    static constexpr int MAX_DEPTH = 200;

    double parseExpression()
    {
        double value = parseTerm();
        while (true) {
            skipSpaces();
            if (accept('+')) {
                value = checked(value + parseTerm());
            } else if (accept('-')) {
                value = checked(value - parseTerm());
            } else {
                return value;
            }
        }
    }

    double parseTerm()
    {
        double value = parseFactor();
        while (true) {
            skipSpaces();
            if (accept('*')) {
                value = checked(value * parseFactor());
            } else if (peek('/')) {
                const std::size_t operator_pos = m_pos++;
                const double divisor = parseFactor();
                if (divisor == 0) {
                    throw EquationError("cannot evaluate '" + std::string(m_text) +
                                        "': division by zero at position " + std::to_string(operator_pos));
                }
                value = checked(value / divisor);
            } else {
                return value;
            }
        }
    }

    double parseFactor()
    {
        skipSpaces();
        if (++m_depth > MAX_DEPTH) fail("too deeply nested");
        double value;
        if (accept('+')) {
            value = parseFactor();
        } else if (accept('-')) {
            value = -parseFactor();
        } else if (accept('(')) {
            value = parseExpression();
            skipSpaces();
            if (!accept(')')) fail("expected ')'");
        } else {
            value = parseNumber();
        }
        --m_depth;
        return value;
    }

    double parseNumber()
    {
        const std::size_t start = m_pos;
        std::size_t digits = skipDigits();
        if (accept('.')) digits += skipDigits();
        if (digits == 0) {
            m_pos = start;
            fail("expected a number");
        }
        double value = 0;
        const auto [end, ec] = std::from_chars(m_text.data() + start, m_text.data() + m_pos, value,
                                               std::chars_format::fixed);
        if (ec != std::errc{} || end != m_text.data() + m_pos) {
            m_pos = start;
            fail("number too large");
        }
        return value;
    }

    std::size_t skipDigits()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
        return m_pos - start;
    }

    void skipSpaces()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
    }

    bool peek(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }

    bool accept(char c)
    {
        if (!peek(c)) return false;
        ++m_pos;
        return true;
    }

    double checked(double value) const
    {
        if (!std::isfinite(value)) {
            throw EquationError("cannot evaluate '" + std::string(m_text) + "': result too large");
        }
        return value;
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw EquationError("cannot parse '" + std::string(m_text) + "': " + what + " at position " +
                            std::to_string(m_pos));
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

} // namespace

double EvaluateEquation(std::string_view equation)
{
    return Parser(equation).parseAll();
}

std::string FormatNumber(double value)
{
    if (value == 0) value = 0; // turn -0 into 0
    char buffer[64];
    const int length = std::snprintf(buffer, sizeof(buffer), "%.15g", value);
    return std::string(buffer, static_cast<std::size_t>(length));
}
