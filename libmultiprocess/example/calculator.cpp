// mpcalculator: serves gen::InitInterface on the socket passed as its only
// argument and makes calculators that print through a Printer they are given.

#include "calculator-parser.h"
#include "calculator.h"
#include "common.h"
#include "init.h"
#include "printer.h"

#include <init.capnp.h>
#include <init.capnp.proxy.h>
#include <mp/proxy-io.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <utility>

namespace {

//! Evaluates equations and sends every answer, or the reason there is none,
//! to m_printer. The printer is normally a proxy for an object in another
//! process, so print() is itself a cross-process call.
class CalculatorImpl : public Calculator
{
public:
    explicit CalculatorImpl(std::unique_ptr<Printer> printer)
        : m_printer(std::move(printer)), m_signature("  [asked by mpcalculator (pid " + std::to_string(getpid()) + ")]")
    {
    }

    void solveEquation(const std::string& eqn) override
    {
        std::string answer;
        try {
            answer = eqn + " = " + FormatNumber(EvaluateEquation(eqn));
        } catch (const EquationError& e) {
            answer = e.what();
        }
        m_printer->print(answer + m_signature);
    }

private:
    const std::unique_ptr<Printer> m_printer;
    const std::string m_signature;
};

class InitImpl : public Init
{
public:
    std::unique_ptr<Printer> makePrinter() override
    {
        throw std::logic_error("mpcalculator makes calculators, not printers");
    }
    std::unique_ptr<Calculator> makeCalculator(std::unique_ptr<Printer> printer) override
    {
        if (!printer) throw std::invalid_argument("makeCalculator needs a printer");
        return std::make_unique<CalculatorImpl>(std::move(printer));
    }
};

} // namespace

int main(int argc, char** argv)
{
    const std::optional<int> fd = ParseFdArgument(argc, argv);
    if (!fd) return 1;
    mp::EventLoop loop("mpcalculator", LogPrint);
    InitImpl init;
    mp::ServeStream<gen::InitInterface>(loop, *fd, init);
    // Returns when mpexample closes the connection.
    loop.loop();
    return 0;
}
