#include "sample-process.h"

#include <QDeadlineTimer>

namespace mpgui::test {

void SampleProcess::start(const QString& program, const QStringList& arguments)
{
    m_output.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments);
}

bool SampleProcess::waitForOutput(const QString& text, int timeout_ms)
{
    QDeadlineTimer deadline(timeout_ms);
    while (true) {
        m_output += QString::fromUtf8(m_process.readAll());
        if (m_output.contains(text)) return true;
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning) return false;
        // Blocks until output arrives (or the deadline), not for a fixed time.
        m_process.waitForReadyRead(static_cast<int>(deadline.remainingTime()));
    }
}

void SampleProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.kill();
    m_process.waitForFinished(10000);
    m_output += QString::fromUtf8(m_process.readAll());
}

void SampleProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) kill();
    m_output += QString::fromUtf8(m_process.readAll());
}

} // namespace mpgui::test
