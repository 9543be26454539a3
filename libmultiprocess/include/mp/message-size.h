// FirstSegmentHint: how much memory a call's request or reply message
// starts with.

#ifndef MP_MESSAGE_SIZE_H
#define MP_MESSAGE_SIZE_H

#include <capnp/common.h>
#include <capnp/generated-header-support.h>

#include <cstdint>

namespace mp {

//! Size of the first segment of a message whose root is a Struct (a
//! method's params or results): the struct itself plus about 1 KiB for
//! lists, text, data and the Context, so that a typical call fits in one
//! small allocation. Without a hint Cap'n Proto starts every message with
//! an 8 KiB zeroed segment, which is most of the memory a call holds while
//! in flight: with 256 client threads calling at once, 10-16 KiB of RSS per
//! thread on each side (mpbench --scale). A larger payload gets a segment
//! of its own and is still copied once; with less slack (32 words) a 1 KiB
//! `Data` echo took that second segment and was ~4 % slower. Payloads of
//! 2-8 KiB, which fitted the 8 KiB default, take it too: 0.5-1 us more per
//! echo in an A/B run, about the size of this VM's noise.
template <typename Struct>
capnp::MessageSize FirstSegmentHint()
{
    constexpr uint64_t kSlackWords = 160;
    // Capability table entries to reserve: a Context carries two (thread
    // and callbackThread), plus room for a couple of interface arguments.
    constexpr unsigned kCaps = 4;
    return capnp::MessageSize{capnp::sizeInWords<Struct>() + kSlackWords, kCaps};
}

} // namespace mp

#endif // MP_MESSAGE_SIZE_H
