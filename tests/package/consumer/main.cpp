// Package test: a parent process spawns itself as a child that serves a
// Greeter over a socket, calls it once through the generated proxy, and
// checks the answer.
//
//   consumer            run the test (parent)
//   consumer child FD   serve GreeterInit on socket FD (started by the parent)

#include <greeter.capnp.h>
#include <greeter.capnp.proxy.h>
#include <greeter.h>

#include <mp/proxy-io.h>
#include <mp/util.h>

#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

class GreeterImpl : public Greeter
{
public:
    std::string greet(const std::string& name) override { return "Hello, " + name + "!"; }
};

void LogPrint(bool raise, std::string message)
{
    std::cerr << "consumer log: " << message << std::endl;
    if (raise) throw std::runtime_error(message);
}

int RunChild(int fd)
{
    mp::EventLoop loop("consumer-child", LogPrint);
    GreeterImpl impl;
    mp::ServeStream<GreeterInit>(loop, fd, impl);
    loop.loop();
    return 0;
}

int RunParent(const std::string& argv0)
{
    std::promise<mp::EventLoop*> loop_promise;
    std::thread loop_thread([&] {
        mp::EventLoop loop("consumer", LogPrint);
        loop_promise.set_value(&loop);
        loop.loop();
    });
    mp::EventLoop* loop = loop_promise.get_future().get();

    int pid = 0;
    const int fd = mp::SpawnProcess(pid, [&](int child_fd) {
        return std::vector<std::string>{argv0, "child", std::to_string(child_fd)};
    });

    std::string result;
    {
        auto client = mp::ConnectStream<GreeterInit>(*loop, fd);
        result = client->greet("world");
        client.reset();
    }
    const int status = mp::WaitProcess(pid);
    loop_thread.join();

    const std::string expected = "Hello, world!";
    std::cout << "greet(\"world\") returned \"" << result << "\"" << std::endl;
    if (result != expected) {
        std::cerr << "FAIL: expected \"" << expected << "\"" << std::endl;
        return 1;
    }
    if (status != 0) {
        std::cerr << "FAIL: child exited with status " << status << std::endl;
        return 1;
    }
    std::cout << "PASS" << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        if (argc == 3 && std::string(argv[1]) == "child") {
            return RunChild(std::stoi(argv[2]));
        }
        if (argc != 1) {
            std::cerr << "usage: " << argv[0] << " [child FD]" << std::endl;
            return 2;
        }
        return RunParent(argv[0]);
    } catch (const std::exception& e) {
        std::cerr << "FAIL: exception: " << e.what() << std::endl;
        return 1;
    }
}
