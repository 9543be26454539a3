#ifndef MP_EXAMPLE_CALCULATOR_H
#define MP_EXAMPLE_CALCULATOR_H

#include <string>

//! Solves arithmetic equations and reports each answer to a Printer.
//!
//! Implemented in the mpcalculator process (CalculatorImpl in calculator.cpp).
//! The driver holds it as a ProxyClient<gen::CalculatorInterface>.
class Calculator
{
public:
    virtual ~Calculator() = default;
    //! Evaluate `eqn` (for example "(2+3)*4") and print the answer, or a
    //! message saying why it could not be evaluated. Bad input is not an
    //! error for the caller: it only changes what gets printed.
    virtual void solveEquation(const std::string& eqn) = 0;
};

#endif // MP_EXAMPLE_CALCULATOR_H
