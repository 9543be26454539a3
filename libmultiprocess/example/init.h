#ifndef MP_EXAMPLE_INIT_H
#define MP_EXAMPLE_INIT_H

#include "calculator.h"
#include "printer.h"

#include <memory>

//! The first object each helper process offers on its socket.
//!
//! Each helper implements only the factory it is there for; asking it for the
//! other kind of object throws, and the exception reaches the caller.
class Init
{
public:
    virtual ~Init() = default;
    //! Make a printer that writes in the serving process.
    virtual std::unique_ptr<Printer> makePrinter() = 0;
    //! Make a calculator that prints its answers through `printer`, which may
    //! live in any process.
    virtual std::unique_ptr<Calculator> makeCalculator(std::unique_ptr<Printer> printer) = 0;
};

#endif // MP_EXAMPLE_INIT_H
