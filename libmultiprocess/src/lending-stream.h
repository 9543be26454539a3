// LendingMessageStream: the part of a connection's message stream that lets
// a reply point into memory the server owns instead of copying it (see
// mp/lent-bytes.h), by keeping that memory until the reply is written.
//
// A reply is written some turns of the event loop after the server built it
// (Cap'n Proto sends it once the call's promise resolves, behind the writes
// queued before it), and it is freed once written. So memory lent to it is
// kept here, under the id of the call, until the stream writes the Return
// message for that call; then it is attached to that write and freed when the
// write completes. Every call that gets a Return gets it through here: its
// results, an error (the results could not be sent), or "canceled".
//
// Which call is being answered: the stream notes, for every Call message it
// reads, the question id and where the message is in memory, for as long as
// the message lives (it lives until the call is done). A server finds its
// request there by the address of its parameters. A request that is not
// among them did not come over this socket (a call the process made to a
// capability of its own goes through Cap'n Proto without a socket), and its
// reply may not borrow.
//
// Loop thread only, like the connection that owns it.

#ifndef MP_SRC_LENDING_STREAM_H
#define MP_SRC_LENDING_STREAM_H

#include "buffer-pool.h"
#include "forwarding-stream.h"

#include <capnp/serialize-async.h>
#include <kj/memory.h>

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <vector>

namespace mp {

class LendingMessageStream final : public ForwardingMessageStream
{
public:
    explicit LendingMessageStream(kj::Own<capnp::MessageStream> inner);
    ~LendingMessageStream();

    //! Keeps owner until the Return for the request whose parameters are
    //! at request_params has been written. False, keeping nothing, if no
    //! Call read from this stream holds that address, or the call asked for
    //! its results to be sent elsewhere.
    bool keepUntilReplySent(const void* request_params, std::shared_ptr<const void> owner);

    //! Copies size bytes, then a NUL if `text`, into a buffer of whole words
    //! (zero-padded) from a pool of buffers this stream keeps for replies,
    //! and keeps it as keepUntilReplySent does: a copy into memory that is
    //! already mapped, where building the field would allocate a new
    //! segment. Returns the buffer, or null under the same conditions as
    //! keepUntilReplySent.
    const capnp::word* copyForReply(const void* request_params, const void* bytes, size_t size, bool text);

    kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> tryReadMessage(kj::ArrayPtr<kj::AutoCloseFd> fd_space,
                                                                     capnp::ReaderOptions options,
                                                                     kj::ArrayPtr<capnp::word> scratch) override;
    kj::Promise<void> writeMessage(kj::ArrayPtr<const int> fds,
                                   kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments) override;
    kj::Promise<void> writeMessages(kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages) override;

private:
    //! A Call message read from the stream and still alive.
    struct IncomingCall
    {
        const capnp::MessageReader* message;
        uint32_t question_id;
    };
    //! Shared with the messages, which may outlive the stream (the RPC
    //! system's objects are reference-counted): each removes its entry
    //! when destroyed.
    using IncomingCalls = std::list<IncomingCall>;
    using Kept = std::vector<std::shared_ptr<const void>>;

    //! Notes message if it is a Call answered to its caller.
    kj::Own<capnp::MessageReader> track(kj::Own<capnp::MessageReader> message);
    //! The question id of the noted Call holding `address`, if any.
    kj::Maybe<uint32_t> findCall(const void* address) const;
    //! What is kept for the call a message answers, if it is a Return.
    Kept takeKept(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments);

    std::shared_ptr<IncomingCalls> m_incoming_calls;
    //! Memory lent to replies not yet written, by question id.
    std::map<uint32_t, Kept> m_kept;
    //! Buffers for copyForReply, released after BufferPool::kForgetAfterIdle
    //! writes in a row without one.
    BufferPool m_reply_buffers{2};
};

} // namespace mp

#endif // MP_SRC_LENDING_STREAM_H
