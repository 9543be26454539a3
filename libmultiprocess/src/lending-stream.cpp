// LendingMessageStream: see lending-stream.h.

#include "lending-stream.h"

#include <mp/connection.h>
#include <mp/server-call.h>

#include <capnp/rpc.capnp.h>
#include <kj/common.h>

#include <cstring>
#include <functional>

namespace mp {

LendingMessageStream::LendingMessageStream(kj::Own<capnp::MessageStream> inner)
    : ForwardingMessageStream(kj::mv(inner)), m_incoming_calls(std::make_shared<IncomingCalls>())
{
}

LendingMessageStream::~LendingMessageStream() = default;

kj::Promise<kj::Maybe<capnp::MessageReaderAndFds>> LendingMessageStream::tryReadMessage(
    kj::ArrayPtr<kj::AutoCloseFd> fd_space, capnp::ReaderOptions options, kj::ArrayPtr<capnp::word> scratch)
{
    return m_inner->tryReadMessage(fd_space, options, scratch)
        .then([this](kj::Maybe<capnp::MessageReaderAndFds>&& read) {
            KJ_IF_MAYBE (message, read) {
                message->reader = track(kj::mv(message->reader));
            }
            return kj::mv(read);
        });
}

kj::Own<capnp::MessageReader> LendingMessageStream::track(kj::Own<capnp::MessageReader> message)
{
    uint32_t question_id = 0;
    try {
        auto root = message->getRoot<capnp::rpc::Message>();
        if (!root.isCall()) return message;
        auto call = root.getCall();
        if (!call.getSendResultsTo().isCaller()) return message;
        question_id = call.getQuestionId();
    } catch (...) {
        // A malformed message is the RPC system's to reject, with its own
        // error: here it is just not noted.
        return message;
    }
    auto calls = m_incoming_calls;
    auto entry = calls->insert(calls->end(), IncomingCall{message.get(), question_id});
    return message.attach(kj::defer([calls, entry] { calls->erase(entry); }));
}

kj::Maybe<uint32_t> LendingMessageStream::findCall(const void* address) const
{
    const auto* word = static_cast<const capnp::word*>(address);
    for (const IncomingCall& call : *m_incoming_calls) {
        // MessageReader::getSegment returns an empty array past the last one.
        for (unsigned id = 0;; ++id) {
            auto segment = const_cast<capnp::MessageReader*>(call.message)->getSegment(id);
            if (segment.size() == 0) break;
            if (std::less_equal<>()(segment.begin(), word) && std::less<>()(word, segment.end())) {
                return call.question_id;
            }
        }
    }
    return nullptr;
}

bool LendingMessageStream::keepUntilReplySent(const void* request_params, std::shared_ptr<const void> owner)
{
    KJ_IF_MAYBE (question_id, findCall(request_params)) {
        m_kept[*question_id].push_back(std::move(owner));
        return true;
    }
    return false;
}

const capnp::word* LendingMessageStream::copyForReply(const void* request_params, const void* bytes, size_t size,
                                                      bool text)
{
    KJ_IF_MAYBE (question_id, findCall(request_params)) {
        m_reply_buffers.noteUsed();
        const size_t used = size + (text ? 1 : 0);
        const size_t words = (used + sizeof(capnp::word) - 1) / sizeof(capnp::word);
        BufferPool::Buffer buffer = m_reply_buffers.take(words);
        auto* out = reinterpret_cast<unsigned char*>(buffer->begin());
        memcpy(out, bytes, size);
        // The NUL of a Text, and zeros to the end of the last word.
        memset(out + size, 0, words * sizeof(capnp::word) - size);
        const capnp::word* copy = buffer->begin();
        m_kept[*question_id].push_back(std::move(buffer));
        return copy;
    }
    return nullptr;
}

LendingMessageStream::Kept LendingMessageStream::takeKept(kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments)
{
    if (m_kept.empty()) return {};
    uint32_t answer_id = 0;
    try {
        capnp::SegmentArrayMessageReader reader(segments);
        auto root = reader.getRoot<capnp::rpc::Message>();
        if (!root.isReturn()) return {};
        answer_id = root.getReturn().getAnswerId();
    } catch (...) {
        // The RPC system built this message: one it cannot read has nothing
        // lent to it.
        return {};
    }
    auto it = m_kept.find(answer_id);
    if (it == m_kept.end()) return {};
    Kept kept = std::move(it->second);
    m_kept.erase(it);
    return kept;
}

kj::Promise<void> LendingMessageStream::writeMessage(kj::ArrayPtr<const int> fds,
                                                     kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>> segments)
{
    m_reply_buffers.noteIdle();
    Kept kept = takeKept(segments);
    auto written = m_inner->writeMessage(fds, segments);
    if (kept.empty()) return written;
    return written.attach(kj::mv(kept));
}

kj::Promise<void> LendingMessageStream::writeMessages(
    kj::ArrayPtr<kj::ArrayPtr<const kj::ArrayPtr<const capnp::word>>> messages)
{
    Kept kept;
    for (auto segments : messages) {
        m_reply_buffers.noteIdle();
        Kept more = takeKept(segments);
        kept.insert(kept.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    auto written = m_inner->writeMessages(messages);
    if (kept.empty()) return written;
    return written.attach(kj::mv(kept));
}

namespace {

//! The lending stream of the connection a request came on, if the reply
//! can still go out through it.
LendingMessageStream* ReplyStream(ServerInvokeContext& invoke_context)
{
    if (!invoke_context.request_params || invoke_context.connection.disconnected()) return nullptr;
    return &kj::downcast<LendingMessageStream>(*invoke_context.connection.m_message_stream);
}

} // namespace

bool KeepUntilReplySent(ServerInvokeContext& invoke_context, std::shared_ptr<const void> owner)
{
    LendingMessageStream* stream = ReplyStream(invoke_context);
    return stream && stream->keepUntilReplySent(invoke_context.request_params, std::move(owner));
}

const capnp::word* CopyForReply(ServerInvokeContext& invoke_context, const void* bytes, size_t size, bool text)
{
    LendingMessageStream* stream = ReplyStream(invoke_context);
    return stream ? stream->copyForReply(invoke_context.request_params, bytes, size, text) : nullptr;
}

} // namespace mp
