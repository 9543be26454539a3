// ForwardingMessageStream: a capnp::MessageStream that passes every call on
// to the stream it wraps. The connection's message stream is a stack of
// these (connection.cpp: MakeMessageStream), each overriding only the calls
// it has something to add to.

#ifndef MP_SRC_FORWARDING_STREAM_H
#define MP_SRC_FORWARDING_STREAM_H

#include <capnp/serialize-async.h>
#include <kj/memory.h>

namespace mp {

class ForwardingMessageStream : public capnp::MessageStream
{
public:
    explicit ForwardingMessageStream(kj::Own<capnp::MessageStream> inner) : m_inner(kj::mv(inner)) {}

    kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(kj::ArrayPtr<kj::AutoCloseFd> fd_space,
                                                                     capnp::ReaderOptions options,
                                                                     kj::ArrayPtr<capnp::word> scratch) override
    {
        return m_inner->tryReadMessage(fd_space, options, scratch);
    }
    kj::Promise<void> writeMessage(kj::ArrayPtr<const int> fds,
                                   kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override
    {
        return m_inner->writeMessage(fds, segments);
    }
    kj::Promise<void> writeMessages(kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override
    {
        return m_inner->writeMessages(messages);
    }
    kj::Maybe<int> getSendBufferSize() override { return m_inner->getSendBufferSize(); }
    kj::Promise<void> end() override { return m_inner->end(); }

protected:
    kj::Own<capnp::MessageStream> m_inner;
};

} // namespace mp

#endif // MP_SRC_FORWARDING_STREAM_H
