// Test harness for any init interface: a server EventLoop thread serving an
// Impl object and a client EventLoop thread connected to it, over the two
// ends of a real AF_UNIX socketpair.
//
// test-setup.h's TestSetup is the same arrangement for FooInterface, with
// extras the Foo tests use; this one is generic so that other .capnp files
// (types.capnp) can be tested without touching it. The client is usable
// from the test thread through client(); destroying the ServedPair
// disconnects, lets both loops finish and joins both threads.

#ifndef MP_TEST_SERVED_PAIR_H
#define MP_TEST_SERVED_PAIR_H

#include <mp/proxy-io.h>
#include <mp/test/test-setup.h>

#include <cerrno>
#include <future>
#include <memory>
#include <sys/socket.h>
#include <system_error>
#include <thread>

namespace mp {
namespace test {

template <typename Interface, typename Impl>
class ServedPair
{
public:
    ServedPair()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
            throw std::system_error(errno, std::generic_category(), "socketpair");
        }
        std::promise<void> served;
        m_server_thread = std::thread([this, &served, fd = fds[0]] {
            EventLoop loop("mptest-server", TestLog);
            try {
                ServeStream<Interface>(loop, fd, impl);
            } catch (...) {
                served.set_exception(std::current_exception());
                return;
            }
            served.set_value();
            loop.loop();
        });
        std::promise<std::unique_ptr<ProxyClient<Interface>>> connected;
        try {
            served.get_future().get();
            m_client_thread = std::thread([&connected, fd = fds[1]] {
                EventLoop loop("mptest-client", TestLog);
                try {
                    connected.set_value(ConnectStream<Interface>(loop, fd));
                } catch (...) {
                    connected.set_exception(std::current_exception());
                    return;
                }
                loop.loop();
            });
            m_client = connected.get_future().get();
        } catch (...) {
            if (m_client_thread.joinable()) m_client_thread.join();
            m_server_thread.join();
            throw;
        }
    }

    ServedPair(const ServedPair&) = delete;
    ServedPair& operator=(const ServedPair&) = delete;

    ~ServedPair()
    {
        m_client.reset();
        m_client_thread.join();
        m_server_thread.join();
    }

    //! The client proxy, used through the wrapped C++ class.
    ProxyClient<Interface>& client() { return *m_client; }

    //! The object the server calls into.
    Impl impl;

private:
    std::thread m_server_thread;
    std::thread m_client_thread;
    std::unique_ptr<ProxyClient<Interface>> m_client;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_SERVED_PAIR_H
