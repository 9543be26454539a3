// Package test: a parent process spawns itself as a child that serves a
// Greeter over a socket and calls it through the generated proxy from four
// threads at once: Context methods, Data payloads, and std::function
// callbacks that must run on the calling thread (each thread holds a
// recursive mutex the callback relocks).
//
//   consumer            run the test (parent)
//   consumer child FD   serve GreeterInit on socket FD (started by the parent)

#include <greeter.capnp.h>
#include <greeter.capnp.proxy.h>
#include <greeter.h>

#include <mp/proxy-io.h>
#include <mp/util.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

class GreeterImpl : public Greeter
{
public:
    std::string greet(const std::string& name) override { return "Hello, " + name + "!"; }
    std::vector<unsigned char> invertBytes(const std::vector<unsigned char>& payload) override
    {
        std::vector<unsigned char> inverted(payload);
        for (unsigned char& byte : inverted) byte = static_cast<unsigned char>(~byte);
        return inverted;
    }
    int64_t countTo(int32_t count, std::function<int32_t(int32_t)> visit) override
    {
        int64_t sum = 0;
        for (int32_t i = 1; i <= count; ++i) sum += visit(i);
        return sum;
    }
};

//! One client thread's work; returns an error message, or "" on success.
std::string ExerciseGreeter(Greeter& greeter, int thread_index)
{
    const std::string name = "thread " + std::to_string(thread_index);
    if (greeter.greet(name) != "Hello, " + name + "!") return name + ": wrong greeting";

    std::vector<unsigned char> payload(64 * 1024 + thread_index);
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<unsigned char>(i * 7 + thread_index);
    const std::vector<unsigned char> inverted = greeter.invertBytes(payload);
    if (inverted.size() != payload.size()) return name + ": Data payload changed size";
    for (size_t i = 0; i < payload.size(); ++i) {
        if (inverted[i] != static_cast<unsigned char>(~payload[i])) return name + ": Data payload corrupted";
    }

    std::recursive_mutex mutex;
    std::lock_guard<std::recursive_mutex> held(mutex);
    const std::thread::id caller = std::this_thread::get_id();
    int wrong_thread = 0;
    const int64_t sum = greeter.countTo(100, [&](int32_t value) {
        if (std::this_thread::get_id() != caller || !mutex.try_lock()) {
            ++wrong_thread;
        } else {
            mutex.unlock();
        }
        return value * thread_index;
    });
    if (wrong_thread) return name + ": callback ran on another thread";
    if (sum != int64_t{5050} * thread_index) return name + ": wrong callback sum " + std::to_string(sum);
    return "";
}

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
    std::vector<std::string> thread_errors(4);
    {
        auto client = mp::ConnectStream<GreeterInit>(*loop, fd);
        result = client->greet("world");
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                try {
                    thread_errors[i] = ExerciseGreeter(*client, i + 1);
                } catch (const std::exception& e) {
                    thread_errors[i] = std::string("exception: ") + e.what();
                }
            });
        }
        for (auto& thread : threads) thread.join();
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
    for (const std::string& error : thread_errors) {
        if (!error.empty()) {
            std::cerr << "FAIL: " << error << std::endl;
            return 1;
        }
    }
    std::cout << "4 threads: Context calls, Data payloads and callbacks on the calling thread OK" << std::endl;
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
