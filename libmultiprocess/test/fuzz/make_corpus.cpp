// make_corpus DIR: writes the seed inputs of fuzz_connection into DIR, one
// file each: what a peer would send on a fresh connection. Valid sessions
// (bootstrap, then calls of several shapes) give the fuzzer the grammar of
// rpc.capnp messages; the malformed ones start it at known edges. The output
// is committed under test/fuzz/corpus; rerun this after changing foo.capnp.

#include <mp/proxy.capnp.h>
#include <mp/test/foo.capnp.h>
#include <mp/test/raw-peer.h>

#include <capnp/capability.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

using namespace mp::test::raw;
using mp::test::messages::FooInterface;

namespace {

const uint64_t kFoo = capnp::typeId<FooInterface>();

//! A Call on the bootstrap answer (question 0).
std::string CallFoo(uint32_t question, uint16_t method, const std::function<void(capnp::AnyPointer::Builder)>& params)
{
    return Call(question, kFoo, method, [&](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(0);
        params(call.initParams().getContent());
    });
}

//! A call whose params hold one capability: capTable entry 0, which the
//! peer says it hosts itself as export 0 (a callback or ThreadMap).
std::string CallFooWithCap(uint32_t question, uint16_t method,
                           const std::function<void(capnp::AnyPointer::Builder, capnp::Capability::Client)>& params)
{
    return Call(question, kFoo, method, [&](capnp::rpc::Call::Builder call) {
        call.initTarget().initPromisedAnswer().setQuestionId(0);
        auto payload = call.initParams();
        payload.initCapTable(1)[0].setSenderHosted(0);
        // The local table only decides the index written in the pointer (0).
        capnp::BuilderCapabilityTable table;
        params(table.imbue(payload.getContent()), capnp::Capability::Client(capnp::newBrokenCap("seed")));
    });
}

void Write(const std::string& dir, const std::string& name, const std::string& bytes)
{
    std::ofstream out(dir + "/" + name, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        fprintf(stderr, "make_corpus: cannot write %s/%s\n", dir.c_str(), name.c_str());
        exit(1);
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_corpus DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    const std::string bootstrap = Bootstrap(0);

    // Valid sessions.
    Write(dir, "bootstrap", bootstrap);
    Write(dir, "add", bootstrap + CallAdd(1, 0, 2, 3) + Finish(1));
    Write(dir, "pass-string", bootstrap + CallFoo(1, 14, [](capnp::AnyPointer::Builder p) {
        p.initAs<FooInterface::PassStringParams>().setValue("hello");
    }));
    Write(dir, "pass-bytes", bootstrap + CallFoo(1, 15, [](capnp::AnyPointer::Builder p) {
        const unsigned char bytes[] = {0, 1, 2, 0xff};
        p.initAs<FooInterface::PassBytesParams>().setValue(kj::arrayPtr(bytes, sizeof(bytes)));
    }));
    Write(dir, "pass-struct", bootstrap + CallFoo(1, 17, [](capnp::AnyPointer::Builder p) {
        auto value = p.initAs<FooInterface::PassStructParams>().initValue();
        value.setName("n");
        value.setCount(3);
        value.initInner().setX(-4);
        value.setLabel("c");
    }));
    Write(dir, "throw-error", bootstrap + CallFoo(1, 23, [](capnp::AnyPointer::Builder p) {
        p.initAs<FooInterface::ThrowErrorParams>().setMessage("boom");
    }));
    Write(dir, "divide", bootstrap + CallFoo(1, 25, [](capnp::AnyPointer::Builder p) {
        auto params = p.initAs<FooInterface::DivideParams>();
        params.setA(7);
        params.setB(0);
    }));
    // makeObject(7), then getValue() pipelined on the promised result.
    Write(dir, "make-object-pipelined",
          bootstrap + CallFoo(1, 18, [](capnp::AnyPointer::Builder p) {
              p.initAs<FooInterface::MakeObjectParams>().setValue(7);
          }) + Call(2, capnp::typeId<mp::test::messages::FooObject>(), 1, [](capnp::rpc::Call::Builder call) {
              auto answer = call.initTarget().initPromisedAnswer();
              answer.setQuestionId(1);
              answer.initTransform(1)[0].setGetPointerField(0);
              call.initParams().getContent().initAs<mp::test::messages::FooObject::GetValueParams>();
          }) + Finish(2) + Finish(1));
    // construct(threadMap) with a ThreadMap the peer hosts.
    Write(dir, "construct", bootstrap + CallFooWithCap(1, 0, [](capnp::AnyPointer::Builder p, capnp::Capability::Client cap) {
        p.initAs<FooInterface::ConstructParams>().setThreadMap(cap.castAs<mp::ThreadMap>());
    }));
    // callShared(context, callback, 3): the server calls back into the peer.
    Write(dir, "call-shared", bootstrap + CallFooWithCap(1, 19, [](capnp::AnyPointer::Builder p, capnp::Capability::Client cap) {
        auto params = p.initAs<FooInterface::CallSharedParams>();
        params.initContext();
        params.setCallback(cap.castAs<mp::test::messages::FooCallback>());
        params.setValue(3);
    }));
    Write(dir, "worker-thread", bootstrap + CallFoo(1, 31, [](capnp::AnyPointer::Builder p) {
        p.initAs<FooInterface::RecordWorkerThreadParams>().initContext();
    }));
    Write(dir, "unknown-method", bootstrap + CallFoo(1, 999, [](capnp::AnyPointer::Builder p) {
        p.initAs<FooInterface::AddParams>();
    }));

    // Malformed input.
    Write(dir, "garbage", "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    Write(dir, "truncated", bootstrap.substr(0, bootstrap.size() - 8));
    Write(dir, "huge-segment", SegmentTable({0xffffffff}));
    std::string many = SegmentTable({1});
    const uint32_t count_minus_one = 0xfffffffe;
    memcpy(many.data(), &count_minus_one, sizeof(count_minus_one));
    Write(dir, "too-many-segments", many);
    Write(dir, "call-unknown-import", Call(0, kFoo, 1, [](capnp::rpc::Call::Builder call) {
        call.initTarget().setImportedCap(42);
        call.initParams().getContent().initAs<FooInterface::AddParams>();
    }));
    {
        capnp::MallocMessageBuilder builder;
        auto ret = builder.initRoot<capnp::rpc::Message>().initReturn();
        ret.setAnswerId(77);
        ret.initResults();
        Write(dir, "return-unknown-question", bootstrap + Frame(builder));
    }
    {
        capnp::MallocMessageBuilder builder;
        auto release = builder.initRoot<capnp::rpc::Message>().initRelease();
        release.setId(1234);
        release.setReferenceCount(1);
        Write(dir, "release-unknown-export", Frame(builder));
    }
    return 0;
}
