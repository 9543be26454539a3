// The plain Cap'n Proto twin: bench.capnp served and called with nothing but
// capnpc-c++ output and the two-party RPC system, one thread per side, as a
// user without libmultiprocess would write it.

#include "harness.h"

#include <bench.capnp.h>

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>

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

int ServePlainCapnp(const std::vector<int>& fds)
{
    auto io = kj::setupAsyncIo();
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
        connection.stream = io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP);
        connection.network =
            kj::heap<capnp::TwoPartyVatNetwork>(*connection.stream, capnp::rpc::twoparty::Side::SERVER, Limits());
        connection.rpc = kj::heap(capnp::makeRpcServer(*connection.network, kj::heap<PlainServer>()));
        ended.add(connection.network->onDisconnect());
        served.push_back(kj::mv(connection));
    }
    kj::joinPromises(ended.finish()).wait(io.waitScope);
    return 0;
}

struct PlainSession::State
{
    explicit State(int fd) : stream(io.lowLevelProvider->wrapSocketFd(fd, kj::LowLevelAsyncIoProvider::TAKE_OWNERSHIP)) {}

    kj::AsyncIoContext io{kj::setupAsyncIo()};
    kj::Own<kj::AsyncIoStream> stream;
    capnp::TwoPartyVatNetwork network{*stream, capnp::rpc::twoparty::Side::CLIENT, Limits()};
    capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc{capnp::makeRpcClient(network)};
    BenchInit::Client init{nullptr};
};

PlainSession::PlainSession(int fd) : m_state(std::make_unique<State>(fd))
{
    capnp::word scratch[4]{};
    capnp::MallocMessageBuilder message(scratch);
    auto vat_id = message.getRoot<capnp::rpc::twoparty::VatId>();
    vat_id.setSide(capnp::rpc::twoparty::Side::SERVER);
    m_state->init = m_state->rpc.bootstrap(vat_id).castAs<BenchInit>();
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
    ChildProcess child{"--serve-capnp"};
    PlainSession session{child.release()};
};

PlainCapnpClient::PlainCapnpClient() = default;

PlainCapnpClient::~PlainCapnpClient() = default;

void PlainCapnpClient::close() { m_state.reset(); }

PlainCapnpClient::State& PlainCapnpClient::state()
{
    if (!m_state) m_state = std::make_unique<State>();
    return *m_state;
}

PlainSession& PlainCapnpClient::session() { return state().session; }

int PlainCapnpClient::serverPid() { return state().child.pid(); }

} // namespace mpbench
