// Helpers for tests that run event loops on threads of their own and check
// what they log: LoopThread and LogCapture.

#ifndef MP_TEST_LOOP_THREAD_H
#define MP_TEST_LOOP_THREAD_H

#include <mp/event-loop.h>
#include <mp/test/test-setup.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <future>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace mp {
namespace test {

//! Log lines of one event loop, for tests that check what was logged.
class LogCapture
{
public:
    LogFn fn()
    {
        return [this](bool raise, std::string message) {
            if (std::getenv("MPTEST_LOG")) std::cerr << "mptest: " << message << std::endl;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_lines.push_back(message);
            }
            m_cv.notify_all();
            if (raise) throw std::runtime_error(message);
        };
    }

    //! Lines containing every one of the given fragments.
    std::vector<std::string> matching(const std::vector<std::string>& fragments)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<std::string> found;
        for (const auto& line : m_lines) {
            bool all = true;
            for (const auto& fragment : fragments) all = all && line.find(fragment) != std::string::npos;
            if (all) found.push_back(line);
        }
        return found;
    }

    //! Waits (up to `limit`, a guard against hangs, not a timing) until
    //! `count` lines contain fragment.
    bool waitFor(const std::string& fragment, size_t count = 1,
                 std::chrono::steady_clock::duration limit = std::chrono::seconds(20))
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_cv.wait_for(lock, limit, [&] {
            size_t n = 0;
            for (const auto& line : m_lines) n += line.find(fragment) != std::string::npos;
            return n >= count;
        });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::string> m_lines;
};

//! An EventLoop running on its own thread. loop() returns by itself once
//! nothing uses the loop; the destructor waits for that.
class LoopThread
{
public:
    explicit LoopThread(const char* name, LogFn log_fn = TestLog)
    {
        std::promise<EventLoop*> ready;
        m_thread = std::thread([&ready, name, log_fn = std::move(log_fn), this] {
            EventLoop event_loop(name, log_fn);
            thread_id = std::this_thread::get_id();
            ready.set_value(&event_loop);
            event_loop.loop();
        });
        loop = ready.get_future().get();
    }
    ~LoopThread() { join(); }
    void join()
    {
        if (m_thread.joinable()) m_thread.join();
    }

    EventLoop* loop;
    std::thread::id thread_id;

private:
    std::thread m_thread;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_LOOP_THREAD_H
