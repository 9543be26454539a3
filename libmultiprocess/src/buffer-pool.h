// BufferPool: a few large buffers a connection keeps for its next large
// message, so that the memory is already mapped when that message comes.
//
// Why: on this VM a fresh megabyte of heap costs more than copying a
// megabyte: glibc returns freed megabytes to the system, and every call then
// faults in and clears 256 pages again (see read-buffers.h). A buffer that
// stays allocated is faulted in once.
//
// A buffer taken from the pool belongs to whoever holds it (a message being
// read, a reply waiting to be written) and goes back to the pool when the
// last reference to it is dropped, if the pool still exists: messages may
// outlive their connection. The pool keeps at most `max_buffers`, buffers in
// use included, the largest ones. Its owner tells it which of its operations
// (reads, writes) needed a buffer and which did not; after kForgetAfterIdle
// in a row that did not, the free buffers are given back to the system.
// Loop thread only.

#ifndef MP_SRC_BUFFER_POOL_H
#define MP_SRC_BUFFER_POOL_H

#include <capnp/common.h>
#include <kj/array.h>

#include <cstddef>
#include <memory>
#include <vector>

namespace mp {

class BufferPool
{
public:
    using Buffer = std::shared_ptr<kj::Array<capnp::word>>;

    explicit BufferPool(size_t max_buffers) : m_state(std::make_shared<State>(max_buffers)) {}

    //! The smallest free buffer of at least `words`, or a new one of that
    //! size (counted in the pool only if there is room).
    Buffer take(size_t words);
    //! The largest free buffer, or null if none is free.
    Buffer takeLargest();
    //! Makes a free buffer of `words` for later, in place of the smallest
    //! free one if the pool is full (unless that one is larger).
    void reserve(size_t words);
    //! Counts an operation of the owner that needed no buffer; frees the
    //! free buffers after kForgetAfterIdle of them in a row.
    void noteIdle()
    {
        if (++m_idle < kForgetAfterIdle) return;
        m_state->free.clear();
        m_idle = 0;
    }
    //! An operation that needed a buffer: restarts the count of noteIdle().
    void noteUsed() { m_idle = 0; }

    static constexpr size_t kForgetAfterIdle = 1000;

private:
    struct State
    {
        //! Room for every buffer of the pool up front: giving a buffer back
        //! happens in a shared_ptr deleter, which must not throw, so it must
        //! not allocate. The pool never holds more than max buffers (one
        //! more for a moment, before the smallest is let go).
        explicit State(size_t max) : max_buffers(max) { free.reserve(max + 1); }
        size_t max_buffers;
        std::vector<kj::Array<capnp::word>> free;
        //! Buffers of the pool held by someone.
        size_t in_use{0};
    };
    //! Hands buffer out; it comes back to state (if pooled and state still
    //! exists) when the last reference goes.
    static Buffer lend(const std::shared_ptr<State>& state, kj::Array<capnp::word> buffer, bool pooled);

    std::shared_ptr<State> m_state;
    size_t m_idle{0};
};

} // namespace mp

#endif // MP_SRC_BUFFER_POOL_H
