// The plain Cap'n Proto twin: bench.capnp served and called with nothing but
// capnpc-c++ output and the two-party RPC system, one thread per side, as a
// user without libmultiprocess would write it.

#include "harness.h"

#include <bench.capnp.h>

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include <cstring>

namespace mpbench {

namespace {

using messages::BenchCallback;
using messages::BenchInit;

capnp::ReaderOptions Limits()
{
    capnp::ReaderOptions options;
    options.traversalLimitInWords = 8 * 1024 * 1024 * 4; // room for 16 MiB each way
    return options;
}

class PlainServer final : public BenchInit::Server
{
protected:
    kj::Promise<void> add(AddContext context) override
    {
        auto params = context.getParams();
        context.getResults().setResult(params.getA() + params.getB());
        return kj::READY_NOW;
    }
    kj::Promise<void> addOnWorker(AddOnWorkerContext context) override
    {
        auto params = context.getParams();
        context.getResults().setResult(params.getA() + params.getB());
        return kj::READY_NOW;
    }
    kj::Promise<void> echo(EchoContext context) override
    {
        context.getResults().setResult(context.getParams().getData());
        return kj::READY_NOW;
    }
    kj::Promise<void> echoOnWorker(EchoOnWorkerContext context) override
    {
        context.getResults().setResult(context.getParams().getData());
        return kj::READY_NOW;
    }
    kj::Promise<void> echoString(EchoStringContext context) override
    {
        context.getResults().setResult(context.getParams().getText());
        return kj::READY_NOW;
    }
    kj::Promise<void> setCallback(SetCallbackContext context) override
    {
        m_callback = context.getParams().getCallback();
        return kj::READY_NOW;
    }
    kj::Promise<void> callBack(CallBackContext context) override
    {
        auto request = m_callback.callRequest();
        request.setValue(context.getParams().getValue());
        return request.send().then([context](capnp::Response<BenchCallback::CallResults>&& response) mutable {
            context.getResults().setResult(response.getResult());
        });
    }

private:
    BenchCallback::Client m_callback{nullptr};
};

class PlainCallback final : public BenchCallback::Server
{
protected:
    kj::Promise<void> call(CallContext context) override
    {
        context.getResults().setResult(context.getParams().getValue() + 1);
        return kj::READY_NOW;
    }
};

} // namespace

//! One TCP connection accepted on a port sent over control_fd (with TLS:
//! secured by tls).
kj::Own<kj::AsyncIoStream> AcceptTcp(kj::AsyncIoContext& io, int control_fd, kj::TlsContext* tls)
{
    auto address = io.provider->getNetwork().parseAddress("127.0.0.1", 0).wait(io.waitScope);
    auto listener = address->listen();
    SendPort(control_fd, static_cast<uint16_t>(listener->getPort()));
    auto stream = listener->accept().wait(io.waitScope);
    NoDelay(*stream);
    if (tls) stream = tls->wrapServer(kj::mv(stream)).wait(io.waitScope);
    return stream;
}

int ServePlainCapnp(const std::vector<int>& fds, Transport transport, const std::string& cert_dir)
{
    auto io = kj::setupAsyncIo();
    kj::Own<kj::TlsContext> tls;
    if (transport == Transport::Tls) tls = MakePlainTlsContext(cert_dir, "server");
    struct Served
    {
        kj::Own<kj::AsyncIoStream> stream;
        kj::Own<capnp::TwoPartyVatNetwork> network;
        kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc;
    };
    std::vector<Served> served;
    auto ended = kj::heapArrayBuilder<kj::Promise<void>>(fds.size());
    for (int fd : fds) {
        Served connection;
        connection.stream = transport == Transport::UnixPair
                                ? io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP)
                                : AcceptTcp(io, fd, tls.get());
        connection.network =
            kj::heap<capnp::TwoPartyVatNetwork>(*connection.stream, capnp::rpc::twoparty::Side::SERVER, Limits());
        connection.rpc = kj::heap(capnp::makeRpcServer(*connection.network, kj::heap<PlainServer>()));
        ended.add(connection.network->onDisconnect());
        served.push_back(kj::mv(connection));
    }
    kj::joinPromises(ended.finish()).wait(io.waitScope);
    return 0;
}

namespace {

//! The client's stream: the socketpair fd itself, or a TCP connection to
//! the port the server sends over fd (with TLS: secured by tls).
kj::Own<kj::AsyncIoStream> ClientStream(kj::AsyncIoContext& io, int fd, Transport transport, kj::TlsContext* tls)
{
    if (transport == Transport::UnixPair) {
        return io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
    }
    const uint16_t port = ReceivePort(fd);
    auto address = io.provider->getNetwork().parseAddress("127.0.0.1", port).wait(io.waitScope);
    auto stream = address->connect().wait(io.waitScope);
    NoDelay(*stream);
    if (tls) stream = tls->wrapClient(kj::mv(stream), "127.0.0.1").wait(io.waitScope);
    return stream;
}

} // namespace

struct PlainSession::State
{
    State(int fd, Transport transport)
    {
        if (transport == Transport::Tls) tls = MakePlainTlsContext(TlsCertificateDir(), "client");
        stream = ClientStream(io, fd, transport, tls.get());
        network = kj::heap<capnp::TwoPartyVatNetwork>(*stream, capnp::rpc::twoparty::Side::CLIENT, Limits());
        rpc = kj::heap(capnp::makeRpcClient(*network));
    }
    ~State()
    {
        // In the order a plain program's locals would go.
        init = nullptr;
        rpc = nullptr;
        network = nullptr;
        stream = nullptr;
    }

    kj::AsyncIoContext io{kj::setupAsyncIo()};
    kj::Own<kj::TlsContext> tls;
    kj::Own<kj::AsyncIoStream> stream;
    kj::Own<capnp::TwoPartyVatNetwork> network;
    kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc;
    BenchInit::Client init{nullptr};
};

PlainSession::PlainSession(int fd, Transport transport) : m_state(std::make_unique<State>(fd, transport))
{
    capnp::word scratch[4]{};
    capnp::MallocMessageBuilder message(scratch);
    auto vat_id = message.getRoot<capnp::rpc::twoparty::VatId>();
    vat_id.setSide(capnp::rpc::twoparty::Side::SERVER);
    m_state->init = m_state->rpc->bootstrap(vat_id).castAs<BenchInit>();
    auto request = m_state->init.setCallbackRequest();
    request.setCallback(kj::heap<PlainCallback>());
    request.send().wait(m_state->io.waitScope);
}

PlainSession::~PlainSession() = default;

int32_t PlainSession::add(int32_t a, int32_t b)
{
    auto request = m_state->init.addRequest();
    request.setA(a);
    request.setB(b);
    return request.send().wait(m_state->io.waitScope).getResult();
}

std::vector<unsigned char> PlainSession::echo(std::span<const unsigned char> data)
{
    auto request = m_state->init.echoRequest();
    request.setData(kj::arrayPtr(data.data(), data.size()));
    auto response = request.send().wait(m_state->io.waitScope);
    auto result = response.getResult();
    return {result.begin(), result.end()};
}

std::string PlainSession::echoText(const std::string& text)
{
    auto request = m_state->init.echoStringRequest();
    request.setText(text);
    auto response = request.send().wait(m_state->io.waitScope);
    auto result = response.getResult();
    return {result.begin(), result.size()};
}

int32_t PlainSession::callBack(int32_t value)
{
    auto request = m_state->init.callBackRequest();
    request.setValue(value);
    return request.send().wait(m_state->io.waitScope).getResult();
}

struct PlainCapnpClient::State
{
    explicit State(Transport transport)
        : child("--serve-capnp", 1, TransportArguments(transport)),
          // Over TCP the socketpair only carries the port; the child keeps it.
          session(transport == Transport::UnixPair ? child.release() : child.fd(), transport)
    {
    }

    ChildProcess child;
    PlainSession session;
};

PlainCapnpClient::PlainCapnpClient(Transport transport) : m_transport(transport) {}

PlainCapnpClient::~PlainCapnpClient() = default;

void PlainCapnpClient::close() { m_state.reset(); }

PlainCapnpClient::State& PlainCapnpClient::state()
{
    if (!m_state) m_state = std::make_unique<State>(m_transport);
    return *m_state;
}

PlainSession& PlainCapnpClient::session() { return state().session; }

int PlainCapnpClient::serverPid() { return state().child.pid(); }

} // namespace mpbench
