// A program of the sample (mpnode, mpwallet) run by a test: started with
// QProcess, watched through its log output, stopped or killed on request.

#ifndef MPGUI_TEST_SAMPLE_PROCESS_H
#define MPGUI_TEST_SAMPLE_PROCESS_H

#include <QProcess>
#include <QString>
#include <QStringList>

namespace mpgui::test {

//! Owned by the test's main thread. The destructor stops the process
//! (SIGTERM, then SIGKILL if it lingers).
class SampleProcess
{
public:
    explicit SampleProcess(QString name) : m_name(std::move(name)) {}
    ~SampleProcess() { stop(); }

    //! Starts program; output seen so far is forgotten.
    void start(const QString& program, const QStringList& arguments);
    //! Waits until the output since start() contains text, reading it as it
    //! comes (no polling interval). False on timeout or exit.
    bool waitForOutput(const QString& text, int timeout_ms = 20000);
    //! SIGKILL: the process gets no chance to say goodbye.
    void kill();
    //! SIGTERM and wait for the exit.
    void stop();
    const QString& output() const { return m_output; }
    const QString& name() const { return m_name; }

private:
    const QString m_name;
    QProcess m_process;
    QString m_output;
};

} // namespace mpgui::test

#endif // MPGUI_TEST_SAMPLE_PROCESS_H
