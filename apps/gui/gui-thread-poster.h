// Delivers work from IPC threads to a QObject on the GUI thread, and stops
// delivering the moment that object starts being destroyed.

#ifndef MPGUI_GUI_THREAD_POSTER_H
#define MPGUI_GUI_THREAD_POSTER_H

#include <functional>
#include <mutex>

class QObject;

namespace mpgui {

//! Shared (std::shared_ptr) between a GUI-thread QObject and everything
//! that calls back into it from other threads: node notifications, wallet
//! balance callbacks and IPC worker results. Those may still arrive after
//! the object is gone (a notification already on its way, a callback the
//! library keeps alive), so they go through here rather than holding a
//! pointer to the object.
//!
//! post() may be called from any thread; the function then runs on the
//! target's thread as a queued call. detach() is called by the target's
//! destructor; afterwards post() drops its function. Queued calls still
//! pending when the target is destroyed are discarded by Qt.
class GuiThreadPoster
{
public:
    explicit GuiThreadPoster(QObject* target) : m_target(target) {}

    void post(std::function<void()> fn);
    void detach();

private:
    std::mutex m_mutex;
    QObject* m_target;
};

} // namespace mpgui

#endif // MPGUI_GUI_THREAD_POSTER_H
