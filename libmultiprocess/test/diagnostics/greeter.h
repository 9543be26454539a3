// The C++ class the diagnostics tests' interfaces wrap.
#ifndef DIAG_GREETER_H
#define DIAG_GREETER_H

#include <string>

class Greeter
{
public:
    virtual ~Greeter() = default;
    virtual std::string greet(const std::string& name) = 0;
};

#endif
