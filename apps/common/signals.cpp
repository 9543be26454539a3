#include "signals.h"

#include <csignal>
#include <pthread.h>

namespace mpsample {
namespace {

sigset_t TerminationSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}

} // namespace

void BlockTerminationSignals()
{
    signal(SIGPIPE, SIG_IGN);
    // sigwait() never sees an ignored signal, and a non-interactive shell
    // starts background jobs with SIGINT ignored: `mpnode & kill -INT $!`
    // would do nothing. Restore the default action (the mask below keeps it
    // from ever running). SIGHUP keeps what it inherited, so that nohup
    // still works.
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t set = TerminationSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal()
{
    sigset_t set = TerminationSignals();
    int signal_number = 0;
    while (sigwait(&set, &signal_number) != 0) {
    }
    return signal_number;
}

} // namespace mpsample
