// `mpcli watch`: subscribes to the node's notifications and prints each as
// it arrives. The node calls into this process (NodeNotifications is
// served here), on IPC worker threads, while the main thread waits.

#ifndef MPCLI_WATCH_H
#define MPCLI_WATCH_H

#include "node-session.h"
#include "output.h"

namespace mpcli {

//! Prints notifications until SIGINT, SIGTERM or SIGHUP (returns
//! normally), or until the node goes away or stdout is closed (throws
//! std::runtime_error saying which). The termination signals must have been blocked with
//! mpsample::BlockTerminationSignals() before the session was created.
void Watch(NodeSession& session, Output& out);

} // namespace mpcli

#endif // MPCLI_WATCH_H
