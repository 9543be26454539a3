#ifndef MP_EXAMPLE_CALCULATOR_PARSER_H
#define MP_EXAMPLE_CALCULATOR_PARSER_H

#include <stdexcept>
#include <string>
#include <string_view>

//! Why an equation could not be evaluated. what() is a complete sentence for
//! the user, naming the input and the position, e.g.
//! "cannot parse '2+': expected a number at position 2".
class EquationError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

//! Evaluate an arithmetic expression: numbers (integers or decimals such as
//! "3", "2.5", ".5"), the binary operators + - * / with the usual precedence
//! and left associativity, unary + and -, parentheses, and spaces anywhere
//! between tokens. Throws EquationError on malformed input, division by zero,
//! or a result too large to represent.
double EvaluateEquation(std::string_view equation);

//! Format a result the way a person writes it: "20", "2.5", "0.3" (15
//! significant digits, no trailing zeros, never "-0").
std::string FormatNumber(double value);

#endif // MP_EXAMPLE_CALCULATOR_PARSER_H
