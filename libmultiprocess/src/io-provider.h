// The kj I/O providers of an EventLoop (EventLoop::m_io_context), on the
// library's own event port.

#ifndef MP_SRC_IO_PROVIDER_H
#define MP_SRC_IO_PROVIDER_H

#include <kj/async-io.h>

namespace mp {

class LoopPort;

//! kj::LowLevelAsyncIoProvider on a LoopPort: descriptors become
//! SocketStream / SocketListener (socket-stream.h), and getTimer() is the
//! port's timer. kj::newAsyncIoProvider() builds the high-level provider
//! (pipes, network, timer) on top of it. Loop thread only.
kj::Own<kj::LowLevelAsyncIoProvider> NewLoopLowLevelIo(LoopPort& port);

} // namespace mp

#endif // MP_SRC_IO_PROVIDER_H
