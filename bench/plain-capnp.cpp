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

//! The server's stream: the socketpair, or one TCP connection accepted on
//! a port sent over fd (with TLS: secured by tls).
kj::Own<kj::AsyncIoStream> ServerStream(kj::AsyncIoContext& io, int fd, Transport transport, kj::TlsContext* tls)
{
    if (transport == Transport::UnixPair) {
        return io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
    }
    auto address = io.provider->getNetwork().parseAddress("127.0.0.1", 0).wait(io.waitScope);
    auto listener = address->listen();
    SendPort(fd, static_cast<uint16_t>(listener->getPort()));
    auto stream = listener->accept().wait(io.waitScope);
    NoDelay(*stream);
    if (tls) stream = tls->wrapServer(kj::mv(stream)).wait(io.waitScope);
    return stream;
}

int ServePlainCapnp(int fd, Transport transport, const std::string& cert_dir)
{
    auto io = kj::setupAsyncIo();
    kj::Own<kj::TlsContext> tls;
    if (transport == Transport::Tls) tls = MakePlainTlsContext(cert_dir, "server");
    auto stream = ServerStream(io, fd, transport, tls.get());
    capnp::TwoPartyVatNetwork network(*stream, capnp::rpc::twoparty::Side::SERVER, Limits());
    auto rpc = capnp::makeRpcServer(network, kj::heap<PlainServer>());
    network.onDisconnect().wait(io.waitScope);
    return 0;
}

//! The client's stream to the child: the socketpair itself, or a TCP
//! connection to the port the child sends (with TLS: secured by tls).
kj::Own<kj::AsyncIoStream> ClientStream(kj::AsyncIoContext& io, ChildProcess& child, Transport transport,
                                        kj::TlsContext* tls)
{
    if (transport == Transport::UnixPair) {
        return io.lowLevelProvider->wrapSocketFd(child.release(), kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
    }
    const uint16_t port = ReceivePort(child.fd());
    auto address = io.provider->getNetwork().parseAddress("127.0.0.1", port).wait(io.waitScope);
    auto stream = address->connect().wait(io.waitScope);
    NoDelay(*stream);
    if (tls) stream = tls->wrapClient(kj::mv(stream), "127.0.0.1").wait(io.waitScope);
    return stream;
}

struct PlainCapnpClient::State
{
    ChildProcess child;
    kj::AsyncIoContext io{kj::setupAsyncIo()};
    kj::Own<kj::TlsContext> tls;
    kj::Own<kj::AsyncIoStream> stream;
    kj::Own<capnp::TwoPartyVatNetwork> network;
    kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc;
    BenchInit::Client init{nullptr};

    explicit State(Transport transport) : child("--serve-capnp", TransportArguments(transport))
    {
        if (transport == Transport::Tls) tls = MakePlainTlsContext(TlsCertificateDir(), "client");
        stream = ClientStream(io, child, transport, tls.get());
        network = kj::heap<capnp::TwoPartyVatNetwork>(*stream, capnp::rpc::twoparty::Side::CLIENT, Limits());
        rpc = kj::heap(capnp::makeRpcClient(*network));
        capnp::word scratch[4]{};
        capnp::MallocMessageBuilder message(scratch);
        auto vat_id = message.getRoot<capnp::rpc::twoparty::VatId>();
        vat_id.setSide(capnp::rpc::twoparty::Side::SERVER);
        init = rpc->bootstrap(vat_id).castAs<BenchInit>();
        auto request = init.setCallbackRequest();
        request.setCallback(kj::heap<PlainCallback>());
        request.send().wait(io.waitScope);
    }
    ~State()
    {
        // In the order a plain program's locals would go.
        init = nullptr;
        rpc = nullptr;
        network = nullptr;
        stream = nullptr;
    }
};

PlainCapnpClient::PlainCapnpClient(Transport transport) : m_transport(transport) {}

PlainCapnpClient::~PlainCapnpClient() = default;

void PlainCapnpClient::close() { m_state.reset(); }

PlainCapnpClient::State& PlainCapnpClient::state()
{
    if (!m_state) m_state = std::make_unique<State>(m_transport);
    return *m_state;
}

int32_t PlainCapnpClient::add(int32_t a, int32_t b)
{
    auto request = state().init.addRequest();
    request.setA(a);
    request.setB(b);
    return request.send().wait(m_state->io.waitScope).getResult();
}

std::vector<unsigned char> PlainCapnpClient::echo(std::span<const unsigned char> data)
{
    auto request = state().init.echoRequest();
    request.setData(kj::arrayPtr(data.data(), data.size()));
    auto response = request.send().wait(m_state->io.waitScope);
    auto result = response.getResult();
    return {result.begin(), result.end()};
}

int32_t PlainCapnpClient::callBack(int32_t value)
{
    auto request = state().init.callBackRequest();
    request.setValue(value);
    return request.send().wait(m_state->io.waitScope).getResult();
}

} // namespace mpbench
