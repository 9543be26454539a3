// mpprinter: serves gen::InitInterface on the socket passed as its only
// argument and makes printers that write to this process's standard output.

#include "common.h"
#include "init.h"
#include "printer.h"

#include <init.capnp.h>
#include <init.capnp.proxy.h>
#include <mp/proxy-io.h>

#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace {

//! Writes each message as one line on stdout, prefixed with this process's
//! name and pid so it is clear which process printed it.
class PrinterImpl : public Printer
{
public:
    void print(const std::string& message) override
    {
        // std::endl flushes, so the line is out before the call returns and
        // the caller's next prompt comes after it.
        std::cout << "mpprinter (pid " << getpid() << "): " << message << std::endl;
    }
};

class InitImpl : public Init
{
public:
    std::unique_ptr<Printer> makePrinter() override { return std::make_unique<PrinterImpl>(); }
    std::unique_ptr<Calculator> makeCalculator(std::unique_ptr<Printer>) override
    {
        throw std::logic_error("mpprinter makes printers, not calculators");
    }
};

} // namespace

int main(int argc, char** argv)
{
    const std::optional<int> fd = ParseFdArgument(argc, argv);
    if (!fd) return 1;
    mp::EventLoop loop("mpprinter", LogPrint);
    InitImpl init;
    mp::ServeStream<gen::InitInterface>(loop, *fd, init);
    // Returns when mpexample closes the connection.
    loop.loop();
    return 0;
}
