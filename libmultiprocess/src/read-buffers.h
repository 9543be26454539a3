// ReadBufferStream: the part of a connection's message stream that reads
// messages into memory it keeps for the next large message, instead of a
// fresh allocation per message.
//
// Why: Cap'n Proto reads each incoming message into a new array. For a
// message of a megabyte that is a fresh megabyte of heap, and glibc gives
// freed megabytes back to the system and takes them again, so the kernel
// clears and maps 256 new pages on every call (perf: page faults and
// clear_page were most of a 1 MiB echo on this VM, both processes; with
// trimming turned off a 1 MiB plain Cap'n Proto echo took a fifth of the
// time). Reading into a buffer that stays allocated costs no page fault
// after the first message.
//
// How: the stream keeps up to kMaxSpares buffers. It offers a free one to
// Cap'n Proto as the scratch space of each read, which Cap'n Proto uses if
// the message fits; the message then owns the buffer until it is destroyed
// (a call's request lives until the call is done), and gives it back. A
// message of kMinSpareBytes or more that did not fit (or found no free
// buffer) makes the stream keep a buffer of its size for the next one. After
// BufferPool::kForgetAfterIdle reads in a row without such a message, the
// free buffers are given back to the system. A small message that lands in a buffer holds
// it while it lives, so a long-running call may keep one busy; the next large
// message then gets another buffer, or, if none is free, a fresh allocation
// as without this stream.
//
// Loop thread only, like the connection that owns it. Messages may outlive
// the stream (the RPC system's objects are reference-counted): a buffer in
// use belongs to its message, and goes back to the pool only if the pool is
// still there.

#ifndef MP_SRC_READ_BUFFERS_H
#define MP_SRC_READ_BUFFERS_H

#include "buffer-pool.h"
#include "forwarding-stream.h"

#include <capnp/serialize-async.h>
#include <kj/memory.h>

#include <cstddef>

namespace mp {

class ReadBufferStream final : public ForwardingMessageStream
{
public:
    explicit ReadBufferStream(kj::Own<capnp::MessageStream> inner);
    ~ReadBufferStream();

    kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(kj::ArrayPtr<kj::AutoCloseFd> fd_space,
                                                                     capnp::ReaderOptions options,
                                                                     kj::ArrayPtr<capnp::word> scratch) override;

    //! Buffers kept at most.
    static constexpr size_t kMaxSpares = 2;
    //! Messages from this size on make the stream keep a buffer for them.
    static constexpr size_t kMinSpareBytes = 64 * 1024;
    //! Larger messages are read into a fresh allocation, as without this
    //! stream: keeping their memory for good would cost more than it saves.
    static constexpr size_t kMaxSpareBytes = 64 * 1024 * 1024;

private:
    //! Called once a message has been read: hands it the buffer it was
    //! offered if it used it, and keeps a buffer for its size if it is
    //! large and did not fit.
    void settle(capnp::MessageReaderAndFds& message, BufferPool::Buffer offered);
    //! Total size of a message, in words.
    static size_t MessageWords(capnp::MessageReader& message);

    BufferPool m_buffers{kMaxSpares};
};

} // namespace mp

#endif // MP_SRC_READ_BUFFERS_H
