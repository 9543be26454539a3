// One connection of a wallet to a node, from connect to disconnect: attach
// to the chain, subscribe to notifications, catch up, register with the
// node, then wait until the node goes away or the wallet is stopped.

#ifndef MPWALLET_SESSION_H
#define MPWALLET_SESSION_H

#include "wallet.h"

#include <mp/network.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace mpwallet {

//! Set by the signal thread; sessions and the reconnect loop watch it.
class StopFlag
{
public:
    void stop()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopped = true;
        m_cv.notify_all();
    }
    void wake()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_woken = true;
        m_cv.notify_all();
    }
    bool stopped()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stopped;
    }
    //! Waits until stop(), wake() (then cleared) or the timeout.
    template <typename Duration>
    void waitFor(Duration timeout)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait_for(lock, timeout, [&] { return m_stopped || m_woken; });
        m_woken = false;
    }
    void wait()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return m_stopped || m_woken; });
        m_woken = false;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stopped{false};
    bool m_woken{false};
};

//! Runs one session with the node at address (over network). Returns
//! normally when the node disconnects or stop is set; throws
//! std::runtime_error if it cannot connect or register (the message says
//! why).
void RunSession(const std::shared_ptr<WalletImpl>& wallet, const std::string& address,
                const mp::NetworkOptions& network, StopFlag& stop);

} // namespace mpwallet

#endif // MPWALLET_SESSION_H
