#ifndef MP_EXAMPLE_PRINTER_H
#define MP_EXAMPLE_PRINTER_H

#include <string>

//! Writes messages somewhere a person can read them.
//!
//! Implemented in the mpprinter process (PrinterImpl in printer.cpp). Other
//! processes hold it as a ProxyClient<gen::PrinterInterface>, through which
//! every call is forwarded to the printer process and blocks until the line is
//! written.
class Printer
{
public:
    virtual ~Printer() = default;
    //! Write one line. Returns once it has been written and flushed.
    virtual void print(const std::string& message) = 0;
};

#endif // MP_EXAMPLE_PRINTER_H
