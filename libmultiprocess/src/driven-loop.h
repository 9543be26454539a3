// Which EventLoop the calling thread is running the events of: shared by
// the files that implement EventLoop (event-loop.cpp, loop-driver.cpp).

#ifndef MP_SRC_DRIVEN_LOOP_H
#define MP_SRC_DRIVEN_LOOP_H

namespace mp {

class EventLoop;

//! The loop the calling thread is running the events of, if any: set while
//! it drives one (LoopDriver, the loop thread's turns, the own thread's
//! hold). constinit: a plain TLS load, no initialisation check, since
//! EventLoop::onLoopThread() reads it on every call.
extern constinit thread_local EventLoop* t_driven_loop;

} // namespace mp

#endif // MP_SRC_DRIVEN_LOOP_H
