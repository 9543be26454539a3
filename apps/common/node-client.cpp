#include "node-client.h"

#include "logging.h"

#include <interfaces/init.capnp.h>
#include <interfaces/init.capnp.proxy.h>

#include <mp/connection.h>
#include <mp/network.h>
#include <mp/proxy-io.h>

#include <future>
#include <optional>
#include <stdexcept>

namespace mpsample {

NodeClient::NodeClient(const char* exe_name, const std::string& address, const mp::NetworkOptions& options,
                       LogFn log_fn)
{
    std::promise<mp::EventLoop*> loop_promise;
    m_loop_thread = std::thread([&loop_promise, exe_name, log_fn = std::move(log_fn)]() mutable {
        mp::EventLoop loop(exe_name, std::move(log_fn));
        ConfigureLibraryLog(loop);
        loop_promise.set_value(&loop);
        loop.loop();
    });
    m_loop = loop_promise.get_future().get();
    // Keeps the loop running while connecting; if that fails, dropping it
    // lets loop() return, which it does only once it has had a user.
    std::optional<mp::EventLoopRef> connecting(std::in_place, *m_loop);
    try {
        auto client = mp::ConnectAddress<interfaces::messages::Init>(*m_loop, address, options);
        // Learn when the connection goes away. The cleanup runs on the loop
        // thread when the Connection is destroyed: on disconnect, or when
        // m_init is reset in the destructor (m_closing tells them apart).
        m_loop->sync([&] {
            client->m_context.connection->addSyncCleanup([this] {
                if (m_closing.load()) return;
                m_disconnected = true;
                if (m_on_disconnect) m_on_disconnect();
            });
        });
        m_init = std::move(client);
    } catch (...) {
        connecting.reset();
        m_loop_thread.join();
        throw;
    }
}

void NodeClient::onDisconnect(std::function<void()> fn)
{
    m_loop->sync([&] { m_on_disconnect = std::move(fn); });
}

NodeClient::~NodeClient()
{
    m_closing = true;
    m_init.reset();
    m_loop_thread.join();
}

} // namespace mpsample
