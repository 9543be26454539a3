#include "ipc-worker.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <stdexcept>

namespace mpgui {

IpcWorker::IpcWorker() : m_thread(std::make_unique<QThread>()), m_context(std::make_unique<QObject>())
{
    m_thread->setObjectName("mpgui-ipc");
    m_context->moveToThread(m_thread.get());
    m_thread->start();
}

IpcWorker::~IpcWorker()
{
    m_thread->quit();
    m_thread->wait();
    // The thread has finished, so no job can be touching the context.
    m_context.reset();
}

void IpcWorker::post(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_context.get(), std::move(job), Qt::QueuedConnection);
}

void IpcWorker::postAfter(std::chrono::milliseconds delay, std::function<void()> job)
{
    if (!isWorkerThread()) throw std::logic_error("IpcWorker::postAfter called off the worker thread");
    QTimer::singleShot(delay, m_context.get(), std::move(job));
}

void IpcWorker::runAndWait(std::function<void()> job)
{
    if (isWorkerThread()) throw std::logic_error("IpcWorker::runAndWait called on the worker thread");
    QMetaObject::invokeMethod(m_context.get(), std::move(job), Qt::BlockingQueuedConnection);
}

bool IpcWorker::isWorkerThread() const
{
    return QThread::currentThread() == m_thread.get();
}

} // namespace mpgui
