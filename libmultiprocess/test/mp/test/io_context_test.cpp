// EventLoop::m_io_context: kj's I/O providers on the library's event port,
// and the loop thread setting up connections itself before loop() runs, as
// programs written for the original library do (its own test suite builds
// a client and a server over newTwoWayPipe() this way).

#include <mp/test/foo.h>
#include <mp/test/test-setup.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

namespace mp {
namespace test {
namespace {

using namespace std::chrono_literals;

//! A loop running on a thread of its own, kept running by `ref` until the
//! test drops it.
class LoopThread
{
public:
    LoopThread()
    {
        std::promise<EventLoop*> started;
        m_thread = std::thread([&] {
            EventLoop loop("mptest-io", TestLog);
            ref.emplace(loop);
            started.set_value(&loop);
            loop.loop();
        });
        loop = started.get_future().get();
    }
    ~LoopThread()
    {
        ref.reset();
        m_thread.join();
    }

    EventLoop* loop;
    std::optional<EventLoopRef> ref;

private:
    std::thread m_thread;
};

TEST(IoContext, ConnectionsMadeOnTheLoopThreadBeforeLoopRuns)
{
    std::promise<std::unique_ptr<FooClient>> client_promise;
    std::unique_ptr<Connection> client_connection;
    EventLoop* loop_ptr = nullptr;
    std::thread thread([&] {
        EventLoop loop("mptest-io", TestLog);
        loop_ptr = &loop;
        auto pipe = loop.m_io_context.provider->newTwoWayPipe();
        client_connection = std::make_unique<Connection>(loop, kj::mv(pipe.ends[0]));
        auto client = std::make_unique<FooClient>(
            client_connection->m_rpc_system->bootstrap(ServerVatId().vat_id).castAs<messages::FooInterface>(),
            client_connection.get(), /*destroy_connection=*/false);
        auto server_connection = std::make_unique<Connection>(loop, kj::mv(pipe.ends[1]), [](Connection& connection) {
            return capnp::Capability::Client(
                kj::heap<ProxyServer<messages::FooInterface>>(std::make_shared<FooImplementation>(), connection));
        });
        server_connection->onDisconnect([&] { server_connection.reset(); });
        client_promise.set_value(std::move(client));
        loop.loop();
    });
    std::unique_ptr<FooClient> client = client_promise.get_future().get();
    // Made while the loop thread may still be setting up: the call waits
    // for loop() to run.
    EXPECT_EQ(client->add(2, 3), 5);
    // Closing the client's connection closes the server's, which ends the
    // loop: nothing refers to it any more (the client proxy let go of it).
    loop_ptr->sync([&] { client_connection.reset(); });
    thread.join();
    EXPECT_THROW(client->add(1, 1), DisconnectedError);
    bool cleaned_up = false;
    client->m_context.cleanup_fns.emplace_front([&] { cleaned_up = true; });
    client.reset();
    EXPECT_TRUE(cleaned_up);
}

TEST(IoContext, TimerFiresWhileTheLoopIsIdle)
{
    LoopThread thread;
    // kj::Timer's clock, read when the delay starts and when it fires: kj
    // promises that afterDelay(d) resolves once now() >= start + d, and
    // now() is the loop's time, not the wall clock's, so that is what is
    // compared (no measurement of real time).
    std::promise<kj::Duration> fired;
    thread.loop->sync([&] {
        kj::Timer& timer = thread.loop->m_io_context.provider->getTimer();
        const kj::TimePoint start = timer.now();
        thread.loop->m_task_set->add(timer.afterDelay(30 * kj::MILLISECONDS).then([&fired, &timer, start] {
            fired.set_value(timer.now() - start);
        }));
    });
    // Nothing else happens on the loop: only the timer can wake it.
    auto future = fired.get_future();
    ASSERT_EQ(future.wait_for(60s), std::future_status::ready);
    EXPECT_GE(future.get(), 30 * kj::MILLISECONDS);
}

TEST(IoContext, TimerDelayCountsFromWhenTheLoopWasTaken)
{
    LoopThread thread;
    // The loop is idle, then a thread takes it (sync() runs the function on
    // the calling thread when the loop is free, without waking the loop
    // through its event port). The timer's clock must be brought up to date
    // when the loop is taken, or a delay started then would count from the
    // loop's last wake-up, which may be long past, and end early.
    thread.loop->sync([] {});
    const kj::TimePoint before_taking = kj::systemPreciseMonotonicClock().now();
    kj::TimePoint timer_now = kj::origin<kj::TimePoint>();
    thread.loop->sync([&] { timer_now = thread.loop->m_io_context.provider->getTimer().now(); });
    EXPECT_GE(timer_now, before_taking);
}

TEST(IoContext, OneWayPipeCarriesBytesAndEndOfFile)
{
    LoopThread thread;
    EventLoop& loop = *thread.loop;
    std::promise<std::string> received;
    kj::Own<kj::AsyncInputStream> in;
    kj::Own<kj::AsyncOutputStream> out;
    auto buffer = std::make_shared<std::array<char, 64>>();
    loop.sync([&] {
        auto pipe = loop.m_io_context.provider->newOneWayPipe();
        in = kj::mv(pipe.in);
        out = kj::mv(pipe.out);
        loop.m_task_set->add(out->write("through a pipe", 14).then([&] {
            // Closing the write end lets the reader see the end of the data.
            out = nullptr;
            return in->tryRead(buffer->data(), 1, buffer->size()).then([&, buffer](size_t count) {
                return in->tryRead(buffer->data() + count, 1, buffer->size() - count).then([&, buffer, count](size_t rest) {
                    EXPECT_EQ(rest, 0u); // end of file, not more bytes
                    received.set_value(std::string(buffer->data(), count));
                });
            });
        }));
    });
    auto future = received.get_future();
    ASSERT_EQ(future.wait_for(60s), std::future_status::ready);
    EXPECT_EQ(future.get(), "through a pipe");
    loop.sync([&] { in = nullptr; });
}

TEST(IoContext, CallOverTcpThroughKjNetwork)
{
    LoopThread thread;
    EventLoop& loop = *thread.loop;
    FooImplementation impl;
    std::promise<int> sum;
    std::unique_ptr<Connection> client_connection;
    std::optional<messages::FooInterface::Client> foo;
    kj::Own<kj::ConnectionReceiver> listener;
    loop.sync([&] {
        auto& network = loop.m_io_context.provider->getNetwork();
        loop.m_task_set->add(network.parseAddress("127.0.0.1", 0)
                                 .then([&](kj::Own<kj::NetworkAddress> address) {
                                     listener = address->listen();
                                     loop.m_task_set->add(listener->accept().then([&](kj::Own<kj::AsyncIoStream> stream) {
                                         ServeConnection(loop, kj::mv(stream), [&](Connection& connection) {
                                             return MakeBootstrap<messages::FooInterface>(connection, impl);
                                         });
                                     }));
                                     return network.parseAddress("127.0.0.1", listener->getPort());
                                 })
                                 .then([](kj::Own<kj::NetworkAddress> address) { return address->connect(); })
                                 .then([&](kj::Own<kj::AsyncIoStream> stream) {
                                     client_connection = std::make_unique<Connection>(loop, kj::mv(stream));
                                     foo = client_connection->m_rpc_system->bootstrap(ServerVatId().vat_id)
                                               .castAs<messages::FooInterface>();
                                     auto request = foo->addRequest();
                                     request.setA(20);
                                     request.setB(22);
                                     return request.send();
                                 })
                                 .then([&](auto&& response) { sum.set_value(response.getResult()); },
                                       [&](kj::Exception&& e) {
                                           sum.set_exception(std::make_exception_ptr(
                                               std::runtime_error(e.getDescription().cStr())));
                                       }));
    });
    auto future = sum.get_future();
    ASSERT_EQ(future.wait_for(60s), std::future_status::ready);
    EXPECT_EQ(future.get(), 42);
    loop.sync([&] {
        foo.reset();
        client_connection.reset();
        listener = nullptr;
    });
}

} // namespace
} // namespace test
} // namespace mp
