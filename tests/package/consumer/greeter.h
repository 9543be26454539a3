#ifndef MP_PACKAGE_TEST_GREETER_H
#define MP_PACKAGE_TEST_GREETER_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

//! The C++ interface that greeter.capnp's GreeterInit wraps.
class Greeter
{
public:
    virtual ~Greeter() = default;
    virtual std::string greet(const std::string& name) = 0;
    virtual std::vector<unsigned char> invertBytes(const std::vector<unsigned char>& payload) = 0;
    virtual int64_t countTo(int32_t count, std::function<int32_t(int32_t)> visit) = 0;
};

#endif // MP_PACKAGE_TEST_GREETER_H
