// mptest-child FD: serves a FooImplementation on socket FD until the client
// disconnects, then exits with status 0.
// mptest-child --listen LISTEN_FD: accepts connections on the listening
// socket LISTEN_FD with ListenConnections and serves each, until killed.
// mptest-child --client SCENARIO FD: the other way round, a client of the
// Foo served on socket FD (fault_test.cpp), until it is killed:
//   hold              hands the server a callback to keep (saveCallback),
//                     holds a server object whose destructor calls back
//                     (makeObjectWithHook), then blocks in blockUntilReleased.
//   hang-in-callback  calls callThenBlock with a callback that never returns.
// Spawned by spawn_test.cpp and fault_test.cpp.

#include <mp/proxy-io.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>

#include <cstdlib>
#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

void ChildLog(bool raise, std::string message)
{
    if (std::getenv("MPTEST_LOG")) std::cerr << "mptest-child: " << message << std::endl;
    if (raise) throw std::runtime_error(message);
}

class Doubler : public mp::test::FooCallback
{
public:
    int32_t call(int32_t value) override { return value * 2; }
};

//! A callback that never returns (until the process is killed).
class Hang : public mp::test::FooCallback
{
public:
    int32_t call(int32_t) override
    {
        std::promise<void> never;
        never.get_future().wait();
        return 0;
    }
};

int RunClient(const std::string& scenario, int fd)
{
    std::promise<mp::EventLoop*> loop_ready;
    std::thread loop_thread([&] {
        mp::EventLoop loop("mptest-child", ChildLog);
        loop_ready.set_value(&loop);
        loop.loop();
    });
    mp::EventLoop& loop = *loop_ready.get_future().get();
    {
        auto foo = mp::ConnectStream<mp::test::messages::FooInterface>(loop, fd);
        if (scenario == "hold") {
            foo->saveCallback(std::make_shared<Doubler>());
            auto object = foo->makeObjectWithHook(7, std::make_shared<Doubler>());
            foo->blockUntilReleased();
        } else if (scenario == "hang-in-callback") {
            foo->callThenBlock(std::make_shared<Hang>(), 1);
        } else {
            std::cerr << "mptest-child: unknown client scenario " << scenario << std::endl;
            return 2;
        }
    }
    loop_thread.join();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const bool listen = argc == 3 && std::string(argv[1]) == "--listen";
    const bool client = argc == 4 && std::string(argv[1]) == "--client";
    if (argc != 2 && !listen && !client) {
        std::cerr << "usage: mptest-child FD | mptest-child --listen LISTEN_FD | mptest-child --client SCENARIO FD"
                  << std::endl;
        return 2;
    }
    try {
        const int fd = std::stoi(argv[argc - 1]);
        if (client) return RunClient(argv[2], fd);
        mp::test::FooImplementation impl;
        mp::EventLoop loop("mptest-child", ChildLog);
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
