// mptest-child FD: serves a FooImplementation on socket FD until the client
// disconnects, then exits with status 0.
// mptest-child --listen LISTEN_FD: accepts connections on the listening
// socket LISTEN_FD with ListenConnections and serves each, until killed.
// Spawned by spawn_test.cpp.

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
    const bool listen = argc == 3 && std::string(argv[1]) == "--listen";
    if (argc != 2 && !listen) {
        std::cerr << "usage: mptest-child FD | mptest-child --listen LISTEN_FD" << std::endl;
        return 2;
    }
    try {
        const int fd = std::stoi(argv[argc - 1]);
        mp::test::FooImplementation impl;
        mp::EventLoop loop("mptest-child", [](bool raise, std::string message) {
            if (std::getenv("MPTEST_LOG")) std::cerr << "mptest-child: " << message << std::endl;
            if (raise) throw std::runtime_error(message);
        });
        if (listen) {
            mp::ListenConnections<mp::test::messages::FooInterface>(loop, fd, impl);
        } else {
            mp::ServeStream<mp::test::messages::FooInterface>(loop, fd, impl);
        }
        loop.loop();
    } catch (const std::exception& e) {
        std::cerr << "mptest-child: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
