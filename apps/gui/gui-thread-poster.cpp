#include "gui-thread-poster.h"

#include <QMetaObject>
#include <QObject>

namespace mpgui {

void GuiThreadPoster::post(std::function<void()> fn)
{
    // Posting under the lock: detach() cannot complete, and so the target
    // cannot be destroyed, while invokeMethod() reads it.
    std::lock_guard<std::mutex> lock(m_mutex);
    if (!m_target) return;
    QMetaObject::invokeMethod(m_target, std::move(fn), Qt::QueuedConnection);
}

void GuiThreadPoster::detach()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_target = nullptr;
}

} // namespace mpgui
