// The libmultiprocess side: the server process serving BenchImpl, and the
// client that connects to it from this process.

#include "harness.h"

#include <bench.capnp.h>
#include <bench.capnp.proxy.h>

#include <mp/proxy-io.h>
#include <mp/util.h>

#include <future>
#include <iostream>

namespace mpbench {

namespace {

void Log(bool raise, std::string message)
{
    if (raise) throw std::runtime_error(message);
    if (getenv("MPBENCH_LOG")) std::cerr << "mpbench: " << message << std::endl;
}

} // namespace

int ServeMp(int fd)
{
    BenchImpl impl;
    mp::EventLoop loop("mpbench-server", Log);
    mp::ServeStream<messages::BenchInit>(loop, fd, impl);
    loop.loop();
    return 0;
}

struct MpClient::State
{
    int pid{-1};
    std::thread loop_thread;
    mp::EventLoop* loop{nullptr};
    std::unique_ptr<mp::ProxyClient<messages::BenchInit>> client;

    State()
    {
        const std::string exe = SelfExe();
        const int fd = mp::SpawnProcess(pid, [&](int child_fd) -> std::vector<std::string> {
            return {exe, "--serve-mp", std::to_string(child_fd)};
        });
        std::promise<mp::EventLoop*> started;
        loop_thread = std::thread([&started] {
            mp::EventLoop event_loop("mpbench-client", Log);
            started.set_value(&event_loop);
            event_loop.loop();
        });
        loop = started.get_future().get();
        client = mp::ConnectStream<messages::BenchInit>(*loop, fd);
        client->setCallback(std::make_shared<CallbackImpl>());
    }

    ~State()
    {
        // The server's copy of the callback is a client of this process: it
        // would keep the server's loop (and so the server) running.
        client->setCallback(nullptr);
        client.reset();
        loop_thread.join();
        mp::WaitProcess(pid);
    }
};

MpClient::MpClient() : m_state(std::make_unique<State>()) {}

MpClient::~MpClient() = default;

Bench& MpClient::bench() { return *m_state->client; }

int MpClient::serverPid() const { return m_state->pid; }

} // namespace mpbench
