// libFuzzer target: the bytes of one input are what a peer sends on one
// connection of a running server.
//
// One server (an EventLoop on its own thread serving a FooImplementation)
// lives for the whole run, with one normal client connected to it. For each
// input the target serves a new connection on a socketpair, writes the input
// to the other end (reading and discarding whatever the server answers),
// shuts down its sending side and reads until the server closes. Every
// kCheckEvery inputs it checks that the server has let go of all those
// connections and that the normal client is still answered. A crash, a
// sanitizer report, a server that never closes a connection or keeps it
// (kGuardSeconds), or a server that stops answering ends the run with a
// finding.

#include <mp/proxy-io.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <future>
#include <memory>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

using mp::test::FooImplementation;
using mp::test::messages::FooInterface;

//! Longest the server may take to close a connection whose peer has
//! finished sending. Only a hang reaches it.
constexpr int kGuardSeconds = 20;
//! How often the normal client checks that the server still answers.
constexpr unsigned kCheckEvery = 64;

[[noreturn]] void Finding(const char* what)
{
    fprintf(stderr, "fuzz_connection: %s\n", what);
    abort();
}

//! FooImplementation without the methods that wait for another call or
//! start threads of their own: a fuzzed peer could otherwise park a server
//! thread forever, which is the test implementation's doing, not the
//! library's.
class FuzzFoo final : public FooImplementation
{
public:
    void blockUntilReleased() override {}
    void notifyFromServerThread(std::function<int32_t(int32_t)>, int32_t) override {}
};

//! The server and the normal client, made on the first input and kept
//! for the whole run (never destroyed: libFuzzer ends with exit()).
class Server
{
public:
    Server()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) Finding("socketpair failed");
        std::promise<mp::EventLoop*> started;
        std::thread([this, &started, fd = fds[0]] {
            mp::EventLoop loop("mpfuzz-server", [](bool raise, std::string message) {
                if (std::getenv("MPFUZZ_LOG")) fprintf(stderr, "mpfuzz-server: %s\n", message.c_str());
                if (raise) throw std::runtime_error(message);
            });
            mp::ServeStream<FooInterface>(loop, fd, m_impl);
            started.set_value(&loop);
            loop.loop();
        }).detach();
        loop = started.get_future().get();
        client = std::make_unique<mp::test::ClientThread>("mpfuzz-client", fds[1]);
    }

    //! Serves a new connection; returns the peer's end.
    int connect()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) Finding("socketpair failed");
        mp::ServeStream<FooInterface>(*loop, fds[0], m_impl);
        return fds[1];
    }

    //! Number of connections the server holds (the normal client's is one).
    size_t connections()
    {
        size_t count = 0;
        loop->sync([&] { count = loop->m_incoming_connections.size(); });
        return count;
    }

    mp::EventLoop* loop{nullptr};
    std::unique_ptr<mp::test::ClientThread> client;

private:
    FuzzFoo m_impl;
};

//! Writes data to fd while discarding what arrives, then shuts down the
//! sending side and reads until the server closes. False if the server did
//! not close within the guard.
bool SendThenDrain(int fd, const uint8_t* data, size_t size)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    size_t sent = 0;
    bool sending = true;
    char buffer[65536];
    for (;;) {
        if (sending && sent == size) {
            shutdown(fd, SHUT_WR);
            sending = false;
        }
        pollfd poll_fd{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
        int ready = poll(&poll_fd, 1, kGuardSeconds * 1000);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        if (poll_fd.revents & POLLIN) {
            ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
            if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
        } else if (poll_fd.revents & (POLLHUP | POLLERR)) {
            return true;
        }
        if (sending && (poll_fd.revents & POLLOUT)) {
            ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
            if (n > 0) {
                sent += static_cast<size_t>(n);
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                sending = false; // the server closed first: fine
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static Server* server = new Server;
    static unsigned inputs = 0;

    int fd = server->connect();
    if (!SendThenDrain(fd, data, size)) Finding("the server did not close a connection whose peer stopped sending");
    close(fd);
    if (++inputs % kCheckEvery == 0) {
        // The server shuts down its side before it destroys the connection
        // (a few loop turns later), so give it until the guard.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kGuardSeconds);
        while (server->connections() != 1) {
            if (std::chrono::steady_clock::now() > deadline) Finding("the server kept closed connections");
            std::this_thread::yield();
        }
        if (server->client->client->add(2, 3) != 5) Finding("the normal client got a wrong answer");
    }
    return 0;
}
