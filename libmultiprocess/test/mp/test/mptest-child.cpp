// mptest-child FD: serves a FooImplementation on socket FD until the client
// disconnects, then exits with status 0. Spawned by spawn_test.cpp.

#include <mp/proxy-io.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: mptest-child FD" << std::endl;
        return 2;
    }
    try {
        const int fd = std::stoi(argv[1]);
        mp::test::FooImplementation impl;
        mp::EventLoop loop("mptest-child", [](bool raise, std::string message) {
            if (std::getenv("MPTEST_LOG")) std::cerr << "mptest-child: " << message << std::endl;
            if (raise) throw std::runtime_error(message);
        });
        mp::ServeStream<mp::test::messages::FooInterface>(loop, fd, impl);
        loop.loop();
    } catch (const std::exception& e) {
        std::cerr << "mptest-child: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
