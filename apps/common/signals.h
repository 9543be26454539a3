// Clean shutdown on Ctrl+C and SIGTERM: the signals are blocked in every
// thread and one thread waits for them with sigwait(), so no code runs in a
// signal handler.

#ifndef MPSAMPLE_SIGNALS_H
#define MPSAMPLE_SIGNALS_H

namespace mpsample {

//! Blocks SIGINT, SIGTERM and SIGHUP and ignores SIGPIPE. Call first in
//! main(), before any thread starts, so every thread inherits the mask.
//! SIGINT and SIGTERM are un-ignored if the process inherited them ignored
//! (a background job of a script), so that they still reach sigwait().
void BlockTerminationSignals();

//! Waits for one of the blocked signals; returns its number.
int WaitForTerminationSignal();

} // namespace mpsample

#endif // MPSAMPLE_SIGNALS_H
