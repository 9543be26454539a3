// The libmultiprocess side: the server process serving BenchImpl, and the
// client that connects to it from this process.

#include "harness.h"

#include <bench.capnp.h>
#include <bench.capnp.proxy.h>

#include <mp/network.h>
#include <mp/proxy-io.h>
#include <mp/tls.h>
#include <mp/util.h>

#include <future>
#include <iostream>
#include <optional>
#include <thread>

namespace mpbench {

namespace {

void Log(bool raise, std::string message)
{
    if (raise) throw std::runtime_error(message);
    if (getenv("MPBENCH_LOG")) std::cerr << "mpbench: " << message << std::endl;
}

} // namespace

//! What the library needs for the TCP rows: TLS with certificate `name`
//! ("server", "client"), or plaintext for the tcp rows.
mp::NetworkOptions NetworkFor(Transport transport, const std::string& cert_dir, const std::string& name)
{
    mp::NetworkOptions options;
    if (transport == Transport::Tls) {
        options.security =
            mp::MakeTlsSecurity({cert_dir + "/" + name + ".pem", cert_dir + "/" + name + ".key", cert_dir + "/ca/ca.pem", {}});
    } else {
        options.allow_plaintext_tcp = true;
    }
    return options;
}

int ServeMp(int fd, Transport transport, const std::string& cert_dir)
{
    BenchImpl impl;
    mp::EventLoop loop("mpbench-server", Log);
    if (transport == Transport::UnixPair) {
        mp::ServeStream<messages::BenchInit>(loop, fd, impl);
        loop.loop();
        return 0;
    }
    mp::Listening listening = mp::ListenAddress<messages::BenchInit>(loop, "tcp:127.0.0.1:0", impl,
                                                                     NetworkFor(transport, cert_dir, "server"));
    SendPort(fd, mp::ParseSocketAddress(listening.address()).port);
    // The loop runs on this thread; another waits for the parent to finish.
    std::thread watcher([&] {
        WaitForEndOfFile(fd);
        loop.shutdown();
    });
    loop.loop();
    watcher.join();
    return 0;
}

struct MpClient::State
{
    std::optional<ChildProcess> tcp_child;
    int pid{-1};
    std::thread loop_thread;
    mp::EventLoop* loop{nullptr};
    std::unique_ptr<mp::ProxyClient<messages::BenchInit>> client;

    explicit State(Transport transport)
    {
        std::promise<mp::EventLoop*> started;
        loop_thread = std::thread([&started] {
            mp::EventLoop event_loop("mpbench-client", Log);
            started.set_value(&event_loop);
            event_loop.loop();
        });
        loop = started.get_future().get();
        if (transport == Transport::UnixPair) {
            const std::string exe = SelfExe();
            const int fd = mp::SpawnProcess(pid, [&](int child_fd) -> std::vector<std::string> {
                return {exe, "--serve-mp", std::to_string(child_fd)};
            });
            client = mp::ConnectStream<messages::BenchInit>(*loop, fd);
        } else {
            tcp_child.emplace("--serve-mp", 1, TransportArguments(transport));
            const std::string address = "tcp:127.0.0.1:" + std::to_string(ReceivePort(tcp_child->fd()));
            client = mp::ConnectAddress<messages::BenchInit>(*loop, address,
                                                             NetworkFor(transport, TlsDirFor(transport), "client"));
        }
        client->setCallback(std::make_shared<CallbackImpl>());
    }

    ~State()
    {
        // The server's copy of the callback is a client of this process: it
        // would keep the server's loop (and so the server) running.
        client->setCallback(nullptr);
        client.reset();
        loop_thread.join();
        if (pid >= 0) mp::WaitProcess(pid);
        tcp_child.reset(); // closes the control socket: the server exits
    }

    static std::string TlsDirFor(Transport transport)
    {
        return transport == Transport::Tls ? TlsCertificateDir() : std::string();
    }
};

MpClient::MpClient(Transport transport) : m_state(std::make_unique<State>(transport)) {}

MpClient::~MpClient() = default;

Bench& MpClient::bench() { return *m_state->client; }

int MpClient::serverPid() const { return m_state->tcp_child ? m_state->tcp_child->pid() : m_state->pid; }

} // namespace mpbench
