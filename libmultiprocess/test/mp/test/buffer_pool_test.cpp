// BufferPool (src/buffer-pool.h): the buffers a connection keeps for large
// messages. Its contract is about ownership, so these tests follow buffers
// by address: which one comes back, when the pool lets go of its free ones,
// and that a buffer still held is never among those.

#include "buffer-pool.h"

#include <gtest/gtest.h>

#include <cstddef>

namespace {

using mp::BufferPool;

constexpr size_t kSmall = 1024;
constexpr size_t kLarge = 64 * 1024;

const capnp::word* Address(const BufferPool::Buffer& buffer) { return buffer ? buffer->begin() : nullptr; }

TEST(BufferPool, AReturnedBufferIsLentAgainForAMessageItFits)
{
    BufferPool pool(2);
    BufferPool::Buffer first = pool.take(kLarge);
    const capnp::word* address = Address(first);
    first = nullptr;

    BufferPool::Buffer again = pool.take(kSmall);
    EXPECT_EQ(Address(again), address);
    EXPECT_GE(again->size(), kLarge);
}

TEST(BufferPool, TakesTheSmallestFreeBufferThatFits)
{
    BufferPool pool(3);
    BufferPool::Buffer small = pool.take(kSmall);
    BufferPool::Buffer large = pool.take(kLarge);
    const capnp::word* small_address = Address(small);
    const capnp::word* large_address = Address(large);
    small = nullptr;
    large = nullptr;

    EXPECT_EQ(Address(pool.take(kSmall / 2)), small_address);
    EXPECT_EQ(Address(pool.takeLargest()), large_address);
}

TEST(BufferPool, KeepsAtMostItsLimitAndTheLargestBuffers)
{
    BufferPool pool(1);
    BufferPool::Buffer small = pool.take(kSmall);
    // No room in the pool: this one is the caller's alone.
    BufferPool::Buffer large = pool.take(kLarge);
    large = nullptr;
    small = nullptr;

    BufferPool::Buffer kept = pool.takeLargest();
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->size(), kSmall);
    EXPECT_FALSE(pool.takeLargest());
}

TEST(BufferPool, FreeBuffersAreForgottenAfterARunOfIdleOperations)
{
    BufferPool pool(2);
    {
        BufferPool::Buffer used = pool.take(kLarge);
    }

    for (size_t i = 0; i + 1 < BufferPool::kForgetAfterIdle; ++i) pool.noteIdle();
    BufferPool::Buffer still_there = pool.takeLargest();
    ASSERT_TRUE(still_there);
    still_there = nullptr;

    // An operation that used a buffer starts the count again.
    pool.noteUsed();
    for (size_t i = 0; i + 1 < BufferPool::kForgetAfterIdle; ++i) pool.noteIdle();
    still_there = pool.takeLargest();
    ASSERT_TRUE(still_there);
    still_there = nullptr;

    for (size_t i = 0; i < BufferPool::kForgetAfterIdle; ++i) pool.noteIdle();
    EXPECT_FALSE(pool.takeLargest());
}

TEST(BufferPool, ABufferHeldWhileThePoolForgetsStaysValidAndComesBack)
{
    BufferPool pool(2);
    BufferPool::Buffer held = pool.take(kLarge);
    const capnp::word* address = Address(held);
    (*held)[kLarge - 1] = capnp::word{};

    for (size_t i = 0; i < BufferPool::kForgetAfterIdle; ++i) pool.noteIdle();
    EXPECT_FALSE(pool.takeLargest());
    // Written again after the pool let go of its free buffers (ASan checks
    // that the memory is still this buffer's).
    (*held)[0] = capnp::word{};

    held = nullptr;
    EXPECT_EQ(Address(pool.takeLargest()), address);
}

TEST(BufferPool, ABufferMayOutliveItsPool)
{
    BufferPool::Buffer held;
    {
        BufferPool pool(1);
        held = pool.take(kLarge);
    }
    (*held)[kLarge - 1] = capnp::word{};
    // Dropped after the pool: freed, not handed back (ASan checks it).
    held = nullptr;
}

} // namespace
