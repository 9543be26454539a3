#ifndef MP_PACKAGE_TEST_GREETER_H
#define MP_PACKAGE_TEST_GREETER_H

#include <string>

//! The C++ interface that greeter.capnp's GreeterInit wraps.
class Greeter
{
public:
    virtual ~Greeter() = default;
    virtual std::string greet(const std::string& name) = 0;
};

#endif // MP_PACKAGE_TEST_GREETER_H
