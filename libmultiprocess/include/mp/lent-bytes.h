// Lent bytes: a Data field that points at a C++ buffer instead of holding a
// copy of it.
//
// Cap'n Proto can make a message refer to memory it does not own
// (capnp::Orphanage::referenceExternalData): that memory becomes a segment of
// its own, which is written to the socket straight from where it is. For a
// payload of a megabyte that saves a copy, and the allocation and zeroing of
// a segment to copy into. The buffer must then stay unchanged until the
// message has been written, so only the generated glue lends, and only what
// it can keep alive that long: a server's return value and output arguments
// (ServerResult, ServerArg in server-call.h), moved into a holder that the
// connection keeps until the reply has been written (KeepUntilReplySent).
//
// A client never lends its arguments (BuildInput in client-call.h copies).
// It cannot keep the caller's buffer, and a call may end before its request
// has been written: a peer may send the Return after reading only the first
// segment, and a disconnect fails the call while the write is still queued.
// The caller would then get its buffer back (or free it, for a by-value
// argument) while the socket is still being written from it.
//
// Conversions never lend (type-data.h copies): a custom conversion may build
// a field from a temporary that is gone before the message is sent.
//
// Only buffers that Cap'n Proto can take as a segment are lent: whole 8-byte
// words (a segment is read in words, so a partial last word would read past
// the buffer) at an 8-byte aligned address, as heap buffers of the sizes
// worth lending are. Text is never lent as it is: its terminating NUL makes
// the size odd. A server copies such a result (Text, or bytes that are not
// whole words) into a buffer its connection keeps for replies and lends that
// (CopyForReply): the same copy as into the message, but into memory that is
// already mapped. Payloads under 16 KiB are copied into the message, which
// costs less than the extra segment.

#ifndef MP_LENT_BYTES_H
#define MP_LENT_BYTES_H

#include <mp/util.h>

#include <capnp/any.h>
#include <capnp/blob.h>
#include <capnp/orphan.h>

#include <cstddef>
#include <cstdint>
#include <ranges>
#include <type_traits>
#include <utility>

namespace mp {

//! A contiguous range of one-byte values: std::vector<unsigned char>,
//! std::vector<char>, std::string, std::span<const std::byte>, ...
template <typename T>
concept ByteRange = std::ranges::contiguous_range<T> && std::ranges::sized_range<T> &&
                    sizeof(std::ranges::range_value_t<T>) == 1 &&
                    (std::is_integral_v<std::ranges::range_value_t<T>> ||
                     std::is_same_v<std::ranges::range_value_t<T>, std::byte>);

//! An output whose field is Data.
template <typename Output>
concept DataOutput = std::is_same_v<Decay<decltype(std::declval<Output>().get())>, capnp::Data::Builder>;
//! An output whose field is Text.
template <typename Output>
concept TextOutput = std::is_same_v<Decay<decltype(std::declval<Output>().get())>, capnp::Text::Builder>;

//! A value of type Value that may be lent to Output: bytes into a Data
//! field of a struct being built (fields.h's BuilderField).
template <typename Value, typename Output>
concept LendableBytes = ByteRange<Value> && DataOutput<Output> && requires(Output& output) { output.orphanage(); };

//! Payloads below this size are copied: lending adds a segment to the
//! message (a segment table entry, a separate piece for the socket write),
//! and the sender copies messages up to 16 KiB into one write anyway.
constexpr size_t kMinLentBytes = 16 * 1024;

//! Whether value's bytes can be lent (see the file comment).
template <ByteRange Value>
bool CanLend(const Value& value)
{
    const size_t size = std::ranges::size(value);
    const auto address = reinterpret_cast<uintptr_t>(std::ranges::data(value));
    return size >= kMinLentBytes && size % sizeof(capnp::word) == 0 && address % sizeof(capnp::word) == 0;
}

//! Makes output refer to value's bytes. value must pass CanLend() and stay
//! unchanged until the message has been written.
template <typename Output, ByteRange Value>
void LendBytes(Output& output, const Value& value)
{
    const auto* bytes = reinterpret_cast<const capnp::byte*>(std::ranges::data(value));
    output.adopt(output.orphanage().referenceExternalData(capnp::Data::Reader(bytes, std::ranges::size(value))));
}

//! Makes a Data or Text output refer to `size` bytes at `words`, which hold
//! them, then (for Text) a NUL, then zeros to the end of the last word, and
//! stay unchanged until the message has been written.
template <typename Output>
void LendWords(Output& output, const capnp::word* words, size_t size)
{
    const auto* bytes = reinterpret_cast<const capnp::byte*>(words);
    if constexpr (TextOutput<Output>) {
        // Text is a list of bytes ending in a NUL, as Data is without it.
        auto list = output.orphanage().referenceExternalData(capnp::Data::Reader(bytes, size + 1));
        output.adopt(capnp::Orphan<capnp::AnyPointer>(kj::mv(list)).template releaseAs<capnp::Text>());
    } else {
        output.adopt(output.orphanage().referenceExternalData(capnp::Data::Reader(bytes, size)));
    }
}

} // namespace mp

#endif // MP_LENT_BYTES_H
