// ProxyClient and ProxyServer: the two halves of a remote object.
//
// For an interface `interface FooInterface $Proxy.wrap("Foo")`, mpgen writes
// specializations ProxyClient<FooInterface> (derives from Foo: calling one of
// its virtual methods sends a request) and ProxyServer<FooInterface> (a Cap'n
// Proto server: each request calls the method on a wrapped Foo object). The
// bases below hold what every proxy needs; the Custom classes are hooks a
// user may specialize to add members to one interface's proxies.

#ifndef MP_PROXY_H
#define MP_PROXY_H

#include <mp/util.h>

#include <capnp/capability.h>
#include <capnp/schema.h>
#include <kj/exception.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <functional>
#include <list>
#include <memory>
#include <tuple>
#include <type_traits>

namespace mp {

class Connection;
class EventLoop;
class EventLoopRef;
enum class LogLevel; // mp/event-loop.h

//! Client proxy for an interface; specialized by generated code.
template <typename Interface>
struct ProxyClient;

//! Server proxy for an interface; specialized by generated code.
template <typename Interface>
struct ProxyServer;

//! Generated for each `$Proxy.wrap` struct: field-by-field conversion between
//! the C++ struct (LocalType) and its Cap'n Proto struct.
template <typename LocalType>
struct ProxyType;

//! Generated for every struct of a .capnp file that mpgen reads (wrapped or
//! not): `using Fields = std::tuple<field::Key, field::Value>;` lists the
//! field accessors in code order, so the pair, tuple and map conversions can
//! reach "field number I" of the struct.
template <typename Struct>
struct ProxyStruct;

//! Empty class used as the C++ base of proxies for interfaces that do not
//! wrap a C++ class.
struct UnwrappedInterface
{
    virtual ~UnwrappedInterface() = default;
};

//! Where a proxy lives: its connection (null once the connection is gone)
//! and the loop that connection belongs to.
struct ProxyContext
{
    ProxyContext(Connection* connection_in, EventLoop* loop_in) : connection(connection_in), loop(loop_in) {}
    //! Runs cleanup_fns, front to back.
    ~ProxyContext();
    ProxyContext(const ProxyContext&) = delete;
    ProxyContext& operator=(const ProxyContext&) = delete;

    //! Functions the proxy's owner attaches to it (e.g. to free something
    //! that must live exactly as long as the proxy), run front to back when
    //! the proxy is destroyed: for a client proxy after its capability is
    //! released (the connection and loop may be gone by then), on the
    //! thread destroying it; for a server proxy on the loop thread. They
    //! must not throw. Only the proxy's owner touches the list.
    std::list<std::function<void()>> cleanup_fns;

    //! Loop thread only (client proxies: also read under lifetime_mutex).
    Connection* connection;
    //! Set when the proxy is created and never changed; once `detached` is
    //! set a client proxy must not use it (the loop may be gone).
    EventLoop* loop;

    //! Client proxies: whether the proxy still holds its connection and a
    //! reference on the loop. The loop thread sets `detached` when the
    //! connection goes away (peer death, shutdown) and drops the proxy's loop
    //! reference then, so a stale proxy never keeps loop() from returning and
    //! may outlive the EventLoop: its calls throw DisconnectedError and its
    //! destructor does nothing. `destroying` is set by the destructor, which
    //! then owns the reference until it has unregistered.
    std::mutex lifetime_mutex;
    bool detached{false};   // guarded by lifetime_mutex
    bool destroying{false}; // guarded by lifetime_mutex
    //! Why the connection went away (for DisconnectedError), once detached.
    const char* detach_reason{nullptr}; // guarded by lifetime_mutex

    //! A `construct` call that could not be made when the proxy was created
    //! (it was created on the loop thread, which cannot wait for replies).
    //! ClientCall makes it before the proxy's first call.
    std::function<void()> deferred_construct;
    std::atomic<bool> construct_pending{false};
    std::recursive_mutex construct_mutex;
};

//! Diagnostics, for tests and leak checks: how many ProxyClient and
//! ProxyServer objects exist in this process right now. Counting costs one
//! relaxed atomic add when a proxy is created and one when it is destroyed.
struct LiveProxyCounts
{
    long clients;
    long servers;
    bool operator==(const LiveProxyCounts&) const = default;
};
LiveProxyCounts LiveProxies();

//! Counting hook for ProxyServerBase (delta +1 or -1).
void CountProxyServer(int delta);

//! Drops a served object's last reference off the loop thread (on the
//! loop's release thread, see EventLoop::releaseOffLoop), so that the
//! object's destructor may block or make IPC calls.
void ReleaseOffLoop(EventLoop& loop, std::shared_ptr<void> object);

//! Non-template part of every ProxyClient: keeps the loop alive, registers
//! with the connection so the proxy learns when it goes away, and releases
//! the capability on the loop thread. Implemented in proxy-client.cpp.
//!
//! Ownership: with destroy_connection, the proxy owns its connection
//! (m_owned_connection; ConnectStream's init proxy does) and is the one
//! place that destroys it: on the loop thread, when the proxy is destroyed
//! or as soon as the peer disconnects, whichever comes first. Otherwise
//! the connection belongs to someone else (the loop, for served
//! connections and the capabilities that arrive on them), who must keep it
//! for as long as it is open; the proxy only learns when it goes.
class ProxyClientLifetime
{
public:
    //! Registers release_capability to run on the loop thread if the
    //! connection is destroyed before this proxy. With destroy_connection,
    //! takes ownership of context.connection (allocated with new).
    ProxyClientLifetime(ProxyContext& context, bool destroy_connection, std::function<void()> release_capability);
    ~ProxyClientLifetime();
    ProxyClientLifetime(const ProxyClientLifetime&) = delete;
    ProxyClientLifetime& operator=(const ProxyClientLifetime&) = delete;

    //! True when remote calls can still be attempted and the caller is not
    //! the loop thread (e.g. to call `destroy` from a destructor).
    bool canCallRemote() const;

    //! Logs why the `destroy` call of the proxy's destructor failed, at
    //! `level`: Debug for a disconnect (the server's object went with its
    //! process), Error for anything else. The destructor cannot throw. Does
    //! nothing once the proxy has lost its connection (the loop that would
    //! log it may be gone).
    void logDestroyFailure(LogLevel level, const std::exception& error) const;

private:
    //! Loop thread, from the connection's cleanup: forget the connection and
    //! (unless the destructor is running) drop the loop reference.
    void detach();
    //! Loop thread: destroys the owned connection, if any.
    void destroyOwnedConnection();

    ProxyContext& m_context;
    std::unique_ptr<Connection> m_owned_connection;
    std::function<void()> m_release_capability;
    //! Held while the proxy is attached (its destructor needs the loop).
    std::unique_ptr<EventLoopRef> m_loop_ref;
    std::list<std::function<void()>>::iterator m_cleanup_it; // same type as Connection::CleanupIt
    bool m_registered{false};
};

//! The C++ class that an interface describing a std::function wraps
//! ($Proxy.wrap("mp::ProxyCallback<std::function<R(Args...)>>")): one
//! virtual `call` with the function's signature, so the generated proxies
//! treat a callable like any other wrapped class. See mp/type-function.h.
template <typename Fn>
class ProxyCallback;

template <typename Result, typename... Args>
class ProxyCallback<std::function<Result(Args...)>>
{
public:
    virtual ~ProxyCallback() = default;
    virtual Result call(Args... args) = 0;
};

//! Base of ProxyClient<Interface>. Derives from the wrapped C++ class, so a
//! ProxyClient is usable wherever an Impl is.
template <typename Interface, typename Impl>
class ProxyClientBase : public Impl
{
public:
    using Client = typename Interface::Client;
    using Interface_ = Interface;

    //! Takes the capability to call and the connection it arrived on. If
    //! destroy_connection is true the proxy takes ownership of the
    //! connection (allocated with new) and destroys it when it is destroyed
    //! itself or the peer disconnects (see ProxyClientLifetime).
    ProxyClientBase(Client client, Connection* connection, bool destroy_connection);
    //! Virtual whether or not Impl's destructor is (Impl may be a concrete
    //! class without virtual methods).
    virtual ~ProxyClientBase() noexcept = default;

    //! The Cap'n Proto capability; used on the loop thread only.
    Client m_client;
    ProxyContext m_context;

protected:
    ProxyClientLifetime m_lifetime;
};

template <typename Interface, typename Impl>
ProxyClientBase<Interface, Impl>::ProxyClientBase(Client client, Connection* connection, bool destroy_connection)
    : m_client(std::move(client)),
      m_context(connection, nullptr),
      m_lifetime(m_context, destroy_connection, [this] { Client released = std::move(m_client); })
{
}

//! Whether `served` (or an interface it extends) has method method_id of
//! interface interface_id.
bool SchemaHasMethod(capnp::InterfaceSchema served, uint64_t interface_id, uint16_t method_id);

//! Logs (warning) that a peer called a method this server does not have.
void LogUnimplementedCall(EventLoop* loop, kj::StringPtr served_interface, uint64_t interface_id,
                          uint16_t method_id);

//! Base of ProxyServer<Interface>: the Cap'n Proto server object that
//! forwards requests to m_impl. Created and destroyed on the loop thread.
template <typename Interface, typename Impl>
struct ProxyServerBase : public Interface::Server
{
    using Interface_ = Interface;
    using Impl_ = Impl;

    ProxyServerBase(std::shared_ptr<Impl> impl, Connection& connection);

    //! Runs on the loop thread when the peer releases the capability or its
    //! connection goes away. The wrapped object (if a `destroy` request has
    //! not already released it) is released on the loop's release thread,
    //! never here: its destructor may block or call other processes.
    ~ProxyServerBase();
    ProxyServerBase(const ProxyServerBase&) = delete;
    ProxyServerBase& operator=(const ProxyServerBase&) = delete;

    //! Logs a call the peer made to a method or interface this server does
    //! not have, then lets Cap'n Proto answer it with an UNIMPLEMENTED
    //! error. The connection stays open on purpose: a client built against a
    //! newer version of the interface must be able to handle the error and
    //! carry on (see the versioning rules of a project's interfaces).
    capnp::Capability::Server::DispatchCallResult dispatchCall(
        uint64_t interface_id, uint16_t method_id,
        capnp::CallContext<capnp::AnyPointer, capnp::AnyPointer> context) override
    {
        // Checked up front rather than by watching each call's promise for
        // an UNIMPLEMENTED error: one comparison on the hot path, no extra
        // promise per call.
        if (!SchemaHasMethod(capnp::Schema::from<Interface>(), interface_id, method_id)) {
            LogUnimplementedCall(m_context.loop, capnp::Schema::from<Interface>().getShortDisplayName(), interface_id,
                                 method_id);
        }
        return Interface::Server::dispatchCall(interface_id, method_id, context);
    }

    //! The object requests are forwarded to. Reset by a `destroy` request so
    //! the object is destroyed before the client's destructor returns.
    std::shared_ptr<Impl> m_impl;
    ProxyContext m_context;
};

//! The event loop a connection belongs to (keeps this header free of the
//! connection's definition).
EventLoop& ConnectionLoop(Connection& connection);

template <typename Interface, typename Impl>
ProxyServerBase<Interface, Impl>::ProxyServerBase(std::shared_ptr<Impl> impl, Connection& connection)
    : m_impl(std::move(impl)), m_context(&connection, &ConnectionLoop(connection))
{
    CountProxyServer(+1);
}

template <typename Interface, typename Impl>
ProxyServerBase<Interface, Impl>::~ProxyServerBase()
{
    if (m_impl) ReleaseOffLoop(*m_context.loop, std::move(m_impl));
    CountProxyServer(-1);
}

//! Hook for adding members to one interface's client proxy: specialize
//! ProxyClientCustom<Interface, Impl> deriving from ProxyClientBase.
template <typename Interface, typename Impl>
struct ProxyClientCustom : public ProxyClientBase<Interface, Impl>
{
    using ProxyClientBase<Interface, Impl>::ProxyClientBase;
};

//! Hook for adding members to one interface's server proxy.
template <typename Interface, typename Impl>
struct ProxyServerCustom : public ProxyServerBase<Interface, Impl>
{
    using ProxyServerBase<Interface, Impl>::ProxyServerBase;
};

//! Facts about a C++ member function, from its pointer type: used by the
//! generated code to declare overrides with exactly the wrapped class's
//! parameter and return types.
template <typename MethodPtr>
struct MethodTraits;

//! Stands for a parameter the C++ method does not have (the generated
//! code's static_assert explains the mismatch; this keeps the compiler from
//! adding pages of std::tuple errors after it).
struct MissingParameter
{
};

template <size_t index, typename Params, bool in_range = (index < std::tuple_size_v<Params>)>
struct ParamAt
{
    using type = std::tuple_element_t<index, Params>;
};

template <size_t index, typename Params>
struct ParamAt<index, Params, false>
{
    using type = MissingParameter;
};

template <typename Class, typename R, typename... Args>
struct MethodTraits<R (Class::*)(Args...)>
{
    using Result = R;
    using Params = std::tuple<Args...>;
    static constexpr size_t param_count = sizeof...(Args);
    template <size_t index>
    using Param = typename ParamAt<index, Params>::type;
};

template <typename Class, typename R, typename... Args>
struct MethodTraits<R (Class::*)(Args...) noexcept> : MethodTraits<R (Class::*)(Args...)>
{
};

} // namespace mp

#endif // MP_PROXY_H
