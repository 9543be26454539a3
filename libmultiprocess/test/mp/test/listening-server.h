// A FooImplementation served with ListenAddress on a loop thread of its
// own, and clients made with ConnectAddress: the harness of the tests of
// mp/network.h and mp/tls.h, over real sockets. With a temporary directory
// and a raw TCP client for those tests.

#ifndef MP_TEST_LISTENING_SERVER_H
#define MP_TEST_LISTENING_SERVER_H

#include <mp/network.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>
#include <mp/test/loop-thread.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace mp {
namespace test {

//! A directory made for a test and removed (with what is in it) when the
//! test ends.
class TempDir
{
public:
    TempDir()
    {
        char path[] = "/tmp/mptest-XXXXXX";
        if (!mkdtemp(path)) throw std::runtime_error("mkdtemp failed");
        m_path = path;
    }
    ~TempDir() { std::system(("rm -rf '" + m_path + "'").c_str()); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

//! A plain TCP socket connected to the port of a "tcp:127.0.0.1:PORT"
//! address, for tests that play a client that is not a libmultiprocess one.
//! The caller closes it.
inline int ConnectRawTcp(const std::string& address)
{
    const SocketAddress parsed = ParseSocketAddress(address);
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(parsed.port);
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof(target)) != 0) {
        throw std::runtime_error("cannot connect to " + address);
    }
    return fd;
}

//! Listens on `address` (e.g. "tcp:127.0.0.1:0") until destroyed, logging
//! into `log`. Throws what ListenAddress throws.
class ListeningServer
{
public:
    ListeningServer(const std::string& address, const NetworkOptions& options)
        : m_thread("mptest-server", log.fn())
    {
        // A user of the loop: if listening fails, dropping it lets loop()
        // return; if not, it keeps the loop (and its EventLoop object) alive
        // until the destructor, even after a test shut the loop down itself.
        EventLoopRef ref(*m_thread.loop);
        m_listening.emplace(ListenAddress<messages::FooInterface>(*m_thread.loop, address, impl, options));
        m_ref.emplace(std::move(ref));
    }
    //! Stops listening and closes the connections (again, if a test did
    //! already); then the loop returns.
    ~ListeningServer()
    {
        m_thread.loop->shutdown();
        m_ref.reset();
    }

    //! Where it listens, with the port chosen.
    const std::string& address() const { return m_listening->address(); }

    EventLoop& loop() { return *m_thread.loop; }

    FooImplementation impl;
    LogCapture log;

private:
    LoopThread m_thread;
    std::optional<Listening> m_listening;
    std::optional<EventLoopRef> m_ref;
};

//! A client loop on its own thread; connect() makes a FooInterface client
//! with ConnectAddress. Destroy the clients before the ClientLoop.
class ClientLoop
{
public:
    ClientLoop() : m_thread("mptest-client", log.fn()), m_ref(std::in_place, *m_thread.loop) {}
    //! The loop returns once the clients made here are gone too.
    ~ClientLoop() { m_ref.reset(); }

    std::unique_ptr<FooClient> connect(const std::string& address, const NetworkOptions& options)
    {
        return ConnectAddress<messages::FooInterface>(*m_thread.loop, address, options);
    }

    //! The message of the exception connect() throws; fails the test if it
    //! does not throw.
    std::string connectError(const std::string& address, const NetworkOptions& options)
    {
        try {
            auto client = connect(address, options);
        } catch (const std::exception& e) {
            return e.what();
        }
        ADD_FAILURE() << "connecting to " << address << " succeeded";
        return {};
    }

    EventLoop& loop() { return *m_thread.loop; }
    LogCapture log;

private:
    LoopThread m_thread;
    //! Keeps the loop running while the test connects (or fails to).
    std::optional<EventLoopRef> m_ref;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_LISTENING_SERVER_H
