// A FooCallback for tests written as plain Cap'n Proto clients: it saves
// the callbackThread the server sends with a callback, so that a test can
// name that server thread in a call of its own later (out of turn).

#ifndef MP_TEST_CALLBACK_THREAD_SAVER_H
#define MP_TEST_CALLBACK_THREAD_SAVER_H

#include <mp/proxy.capnp.h>
#include <mp/test/foo.capnp.h>

#include <optional>

namespace mp {
namespace test {

//! FooCallback served by a plain client: call(value) returns value and
//! saves Context.callbackThread (the Thread of the server thread calling).
class CallbackThreadSaver final : public messages::FooCallback::Server
{
public:
    explicit CallbackThreadSaver(std::optional<Thread::Client>& saved) : m_saved(saved) {}

protected:
    kj::Promise<void> call(CallContext context) override
    {
        context.getResults().setResult(context.getParams().getValue());
        auto call_context = context.getParams().getContext();
        if (call_context.hasCallbackThread()) m_saved = call_context.getCallbackThread();
        return kj::READY_NOW;
    }

private:
    std::optional<Thread::Client>& m_saved;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_CALLBACK_THREAD_SAVER_H
