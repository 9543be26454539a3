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
