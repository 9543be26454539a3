// LoopPort and FdWatch: epoll under the kj event loop.

#include "loop-port.h"

#include "spin-wait.h"

#include <kj/debug.h>

#include <algorithm>
#include <cerrno>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <system_error>
#include <unistd.h>

namespace mp {

namespace {

constexpr uint32_t kReadableEvents = EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
constexpr uint32_t kWritableEvents = EPOLLOUT | EPOLLHUP | EPOLLERR;
constexpr uint32_t kHangUpEvents = EPOLLHUP | EPOLLERR;

void Fulfill(kj::Maybe<kj::Own<kj::PromiseFulfiller<void>>>& slot)
{
    KJ_IF_MAYBE (fulfiller, slot) {
        (*fulfiller)->fulfill();
        slot = nullptr;
    }
}

//! epoll's data for the timer descriptor (FdWatch pointers and nullptr, the
//! wake descriptor, are the others).
char g_timer_mark;
void* const kTimerMark = &g_timer_mark;

kj::TimePoint Now() { return kj::systemPreciseMonotonicClock().now(); }

} // namespace

LoopPort::LoopPort() : m_timer(Now())
{
    m_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll_fd < 0) throw std::system_error(errno, std::system_category(), "epoll_create1");
    m_wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wake_fd < 0) {
        int error = errno;
        close(m_epoll_fd);
        throw std::system_error(error, std::system_category(), "eventfd");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr; // marks the wake descriptor
    if (epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, m_wake_fd, &event) < 0) {
        int error = errno;
        close(m_wake_fd);
        close(m_epoll_fd);
        throw std::system_error(error, std::system_category(), "epoll_ctl");
    }
    m_timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    event.data.ptr = kTimerMark;
    if (m_timer_fd < 0 || epoll_ctl(m_epoll_fd, EPOLL_CTL_ADD, m_timer_fd, &event) < 0) {
        int error = errno;
        if (m_timer_fd >= 0) close(m_timer_fd);
        close(m_wake_fd);
        close(m_epoll_fd);
        throw std::system_error(error, std::system_category(), "timerfd");
    }
}

LoopPort::~LoopPort() noexcept(false)
{
    close(m_timer_fd);
    close(m_wake_fd);
    close(m_epoll_fd);
}

void SignalEventFd(int fd)
{
    const uint64_t one = 1;
    ssize_t written;
    do {
        written = write(fd, &one, sizeof(one));
    } while (written < 0 && errno == EINTR);
}

void LoopPort::wake() const { SignalEventFd(m_wake_fd); }

void LoopPort::flushLater(PendingFlush* pending) { m_pending_flushes.push_back(pending); }

void LoopPort::cancel(PendingFlush* pending)
{
    m_pending_flushes.erase(std::remove(m_pending_flushes.begin(), m_pending_flushes.end(), pending),
                            m_pending_flushes.end());
}

void LoopPort::armTimer()
{
    kj::Maybe<kj::TimePoint> next = m_timer.nextEvent();
    bool same = false;
    KJ_IF_MAYBE (armed, m_timer_armed_for) {
        KJ_IF_MAYBE (due, next) same = *armed == *due;
    } else {
        same = next == nullptr;
    }
    if (same) return;
    itimerspec spec{};
    KJ_IF_MAYBE (due, next) {
        // Relative to now: kj's clock and CLOCK_MONOTONIC need not share an
        // origin. A time already passed fires at once (1 ns; 0 disarms).
        int64_t ns = (*due - Now()) / kj::NANOSECONDS;
        if (ns < 1) ns = 1;
        spec.it_value.tv_sec = static_cast<time_t>(ns / 1000000000);
        spec.it_value.tv_nsec = static_cast<long>(ns % 1000000000);
    }
    timerfd_settime(m_timer_fd, 0, &spec, nullptr);
    m_timer_armed_for = next;
}

void LoopPort::advanceTimer()
{
    m_timer.advanceTo(Now());
}

void LoopPort::flushPending()
{
    armTimer();
    if (m_pending_flushes.empty()) return;
    std::vector<PendingFlush*> pending;
    pending.swap(m_pending_flushes);
    for (PendingFlush* flush : pending) flush->flushNow();
}

bool LoopPort::dispatch(int timeout_ms)
{
    // Bytes written during the turns that ran since the last wait go out
    // now, together: one system call (and one wake-up of the peer) for
    // several small messages.
    flushPending();
    epoll_event events[16];
    // A thread waiting for a reply (or for the next call) polls briefly
    // before it sleeps: see SpinWait.
    int count = timeout_ms < 0 ? SpinThenEpollWait(m_epoll_fd, events, 16)
                               : epoll_wait(m_epoll_fd, events, 16, timeout_ms);
    if (count < 0) {
        if (errno == EINTR) return false;
        KJ_FAIL_SYSCALL("epoll_wait", errno);
    }
    bool woken = false;
    for (int i = 0; i < count; ++i) {
        if (events[i].data.ptr == nullptr) {
            uint64_t value;
            ssize_t ignored = read(m_wake_fd, &value, sizeof(value));
            (void)ignored;
            woken = true;
        } else if (events[i].data.ptr == kTimerMark) {
            uint64_t expirations;
            ssize_t ignored = read(m_timer_fd, &expirations, sizeof(expirations));
            (void)ignored;
            m_timer_armed_for = nullptr;
        } else {
            // Fulfilling only queues the continuations, so no FdWatch is
            // destroyed while this loop runs.
            static_cast<FdWatch*>(events[i].data.ptr)->onEvents(events[i].events);
        }
    }
    // Every turn, so that a delay started in the next turn counts from now.
    advanceTimer();
    return woken;
}

FdWatch::FdWatch(LoopPort& port, int fd) : m_port(port), m_fd(fd)
{
    epoll_event event{};
    event.events = m_events;
    event.data.ptr = this;
    KJ_SYSCALL(epoll_ctl(m_port.m_epoll_fd, EPOLL_CTL_ADD, m_fd, &event));
}

void FdWatch::setWriteInterest(bool wanted)
{
    const uint32_t events = wanted ? (m_events | EPOLLOUT) : (m_events & ~static_cast<uint32_t>(EPOLLOUT));
    if (events == m_events) return;
    m_events = events;
    epoll_event event{};
    event.events = m_events;
    event.data.ptr = this;
    // Modifying the registration makes epoll look at the descriptor again,
    // so a socket that is writable (or readable) by now still reports it.
    KJ_SYSCALL(epoll_ctl(m_port.m_epoll_fd, EPOLL_CTL_MOD, m_fd, &event));
}

FdWatch::~FdWatch()
{
    epoll_ctl(m_port.m_epoll_fd, EPOLL_CTL_DEL, m_fd, nullptr);
}

kj::Promise<void> FdWatch::whenReadable()
{
    // After the peer's end of stream no new edge comes: readers must read
    // on until read() returns 0.
    if (m_read_edge || m_read_closed) {
        m_read_edge = false;
        return kj::READY_NOW;
    }
    auto paf = kj::newPromiseAndFulfiller<void>();
    m_readable = kj::mv(paf.fulfiller);
    return kj::mv(paf.promise);
}

kj::Promise<void> FdWatch::whenWritable()
{
    setWriteInterest(true);
    auto paf = kj::newPromiseAndFulfiller<void>();
    m_writable = kj::mv(paf.fulfiller);
    return kj::mv(paf.promise);
}

kj::Promise<void> FdWatch::whenHungUp()
{
    if (m_hung_up) return kj::READY_NOW;
    auto paf = kj::newPromiseAndFulfiller<void>();
    m_hang_up = kj::mv(paf.fulfiller);
    return kj::mv(paf.promise);
}

void FdWatch::onEvents(uint32_t events)
{
    if (events & kReadableEvents) {
        // Remember the edge unless a reader takes it now (a fulfiller whose
        // promise was dropped, e.g. a cancelled read, takes nothing).
        bool taken = false;
        KJ_IF_MAYBE (fulfiller, m_readable) {
            taken = (*fulfiller)->isWaiting();
        }
        if (!taken) m_read_edge = true;
        if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) m_read_closed = true;
        Fulfill(m_readable);
    }
    if (events & kWritableEvents) {
        if (m_writable == nullptr && (events & EPOLLOUT)) {
            // Nobody waits to write any more (the socket drained after a
            // large write): stop listening, or every read the peer makes
            // would wake this loop for nothing.
            setWriteInterest(false);
        }
        Fulfill(m_writable);
    }
    if (events & kHangUpEvents) {
        m_hung_up = true;
        Fulfill(m_hang_up);
    }
}

} // namespace mp
