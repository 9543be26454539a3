// A FooImplementation served with ListenAddress on a loop thread of its
// own, and clients made with ConnectAddress: the harness of the tests of
// mp/network.h and mp/tls.h, over real sockets.

#ifndef MP_TEST_LISTENING_SERVER_H
#define MP_TEST_LISTENING_SERVER_H

#include <mp/network.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>
#include <mp/test/loop-thread.h>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

namespace mp {
namespace test {

//! Listens on `address` (e.g. "tcp:127.0.0.1:0") until destroyed, logging
//! into `log`. Throws what ListenAddress throws.
class ListeningServer
{
public:
    ListeningServer(const std::string& address, const NetworkOptions& options)
        : m_thread("mptest-server", log.fn())
    {
        EventLoopRef ref(*m_thread.loop); // a user, so that loop() returns if listening fails
        m_listening.emplace(ListenAddress<messages::FooInterface>(*m_thread.loop, address, impl, options));
    }
    //! Stops listening and closes the connections: the loop then returns.
    ~ListeningServer() { m_thread.loop->shutdown(); }

    //! Where it listens, with the port chosen.
    const std::string& address() const { return m_listening->address(); }

    EventLoop& loop() { return *m_thread.loop; }

    FooImplementation impl;
    LogCapture log;

private:
    LoopThread m_thread;
    std::optional<Listening> m_listening;
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
