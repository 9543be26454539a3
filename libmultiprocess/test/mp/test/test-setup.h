// Test harness: a FooInterface server and client talking over a real socket.
//
// ClientThread runs a client EventLoop on its own thread and connects a
// ProxyClient<FooInterface> over a given socket; the test thread uses the
// client and resets it (or lets the destructor do so), after which the loop
// exits by itself and the thread is joined.
//
// TestSetup adds a server EventLoop on a second thread serving a
// FooImplementation over the other end of a socketpair, so one test process
// holds both ends of a real Cap'n Proto connection.

#ifndef MP_TEST_TEST_SETUP_H
#define MP_TEST_TEST_SETUP_H

#include <mp/proxy-io.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/foo.capnp.proxy.h>
#include <mp/test/foo.h>

#include <cerrno>
#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <system_error>
#include <thread>

namespace mp {
namespace test {

using FooClient = ProxyClient<messages::FooInterface>;

//! Log function for test event loops: fatal messages throw, everything is
//! printed to stderr when the MPTEST_LOG environment variable is set.
inline void TestLog(bool raise, std::string message)
{
    if (std::getenv("MPTEST_LOG")) std::cerr << "mptest: " << message << std::endl;
    if (raise) throw std::runtime_error(message);
}

//! A client event loop on its own thread, connected over fd.
class ClientThread
{
public:
    ClientThread(const char* exe_name, int fd)
    {
        m_thread = std::thread([this, exe_name, fd] {
            EventLoop loop(exe_name, TestLog);
            try {
                m_client_promise.set_value(ConnectStream<messages::FooInterface>(loop, fd));
            } catch (...) {
                m_client_promise.set_exception(std::current_exception());
                return;
            }
            loop.loop();
        });
        try {
            client = m_client_promise.get_future().get();
        } catch (...) {
            m_thread.join();
            throw;
        }
    }

    ClientThread(const ClientThread&) = delete;
    ClientThread& operator=(const ClientThread&) = delete;

    //! Disconnects (if the test has not already reset the client) and waits
    //! for the client loop to finish.
    ~ClientThread()
    {
        client.reset();
        m_thread.join();
    }

    std::unique_ptr<FooClient> client;

private:
    std::promise<std::unique_ptr<FooClient>> m_client_promise;
    std::thread m_thread;
};

//! A FooImplementation served on one thread and a client on another, over an
//! AF_UNIX socketpair.
class TestSetup
{
public:
    TestSetup()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
            throw std::system_error(errno, std::generic_category(), "socketpair");
        }
        m_server_thread = std::thread([this, fd = fds[0]] {
            EventLoop loop("mptest-server", TestLog);
            try {
                ServeStream<messages::FooInterface>(loop, fd, impl);
            } catch (...) {
                m_server_loop_promise.set_exception(std::current_exception());
                return;
            }
            m_server_loop_promise.set_value(&loop);
            loop.loop();
        });
        try {
            server_loop = m_server_loop_promise.get_future().get();
        } catch (...) {
            m_server_thread.join();
            throw;
        }
        server_loop_thread = m_server_thread.get_id();
        m_client = std::make_unique<ClientThread>("mptest-client", fds[1]);
    }

    TestSetup(const TestSetup&) = delete;
    TestSetup& operator=(const TestSetup&) = delete;

    //! Resets the client; both loops then exit by themselves (the server's
    //! once the connection is closed) and both threads are joined.
    ~TestSetup()
    {
        m_client.reset();
        m_server_thread.join();
    }

    //! The client, used through the wrapped C++ class.
    Foo& foo() { return *m_client->client; }

    //! The client as the test may reset it.
    std::unique_ptr<FooClient>& client() { return m_client->client; }

    //! The object the server calls into.
    FooImplementation impl;
    //! The server's loop; valid while the client is connected.
    EventLoop* server_loop = nullptr;
    //! The thread that runs the server's loop.
    std::thread::id server_loop_thread;

private:
    std::promise<EventLoop*> m_server_loop_promise;
    std::thread m_server_thread;
    std::unique_ptr<ClientThread> m_client;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_TEST_SETUP_H
