// BufferPool: see buffer-pool.h.

#include "buffer-pool.h"

#include <algorithm>

namespace mp {

namespace {

using Buffers = std::vector<kj::Array<capnp::word>>;

bool SmallerFirst(const kj::Array<capnp::word>& a, const kj::Array<capnp::word>& b) { return a.size() < b.size(); }

} // namespace

BufferPool::Buffer BufferPool::lend(const std::shared_ptr<State>& state, kj::Array<capnp::word> buffer, bool pooled)
{
    if (pooled) ++state->in_use;
    std::weak_ptr<State> weak = pooled ? state : nullptr;
    auto* held = new kj::Array<capnp::word>(kj::mv(buffer));
    return Buffer(held, [weak](kj::Array<capnp::word>* returned) {
        if (auto pool = weak.lock()) {
            --pool->in_use;
            pool->free.push_back(kj::mv(*returned));
            // More were made while this one was out: keep the larger ones.
            while (!pool->free.empty() && pool->free.size() + pool->in_use > pool->max_buffers) {
                pool->free.erase(std::min_element(pool->free.begin(), pool->free.end(), SmallerFirst));
            }
        }
        delete returned;
    });
}

BufferPool::Buffer BufferPool::take(size_t words)
{
    Buffers& free = m_state->free;
    auto best = free.end();
    for (auto it = free.begin(); it != free.end(); ++it) {
        if (it->size() >= words && (best == free.end() || it->size() < best->size())) best = it;
    }
    if (best != free.end()) {
        kj::Array<capnp::word> buffer = kj::mv(*best);
        free.erase(best);
        return lend(m_state, kj::mv(buffer), /*pooled=*/true);
    }
    // Uninitialized: pages are mapped as they are written.
    const bool room = free.size() + m_state->in_use < m_state->max_buffers;
    return lend(m_state, kj::heapArray<capnp::word>(words), room);
}

BufferPool::Buffer BufferPool::takeLargest()
{
    Buffers& free = m_state->free;
    if (free.empty()) return nullptr;
    auto largest = std::max_element(free.begin(), free.end(), SmallerFirst);
    kj::Array<capnp::word> buffer = kj::mv(*largest);
    free.erase(largest);
    return lend(m_state, kj::mv(buffer), /*pooled=*/true);
}

void BufferPool::reserve(size_t words)
{
    Buffers& free = m_state->free;
    if (free.size() + m_state->in_use < m_state->max_buffers) {
        free.push_back(kj::heapArray<capnp::word>(words));
        return;
    }
    if (free.empty()) return;
    auto smallest = std::min_element(free.begin(), free.end(), SmallerFirst);
    if (smallest->size() < words) *smallest = kj::heapArray<capnp::word>(words);
}

} // namespace mp
