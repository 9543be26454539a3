// mpgui --screenshot=FILE: saves a picture of the main window once it
// shows a settled node, then quits. Used by scripts/screenshot.sh for the
// picture in docs/.

#ifndef MPGUI_SCREENSHOT_H
#define MPGUI_SCREENSHOT_H

#include <QObject>
#include <QString>
#include <QTimer>

namespace mpgui {

class MainWindow;
class NodeModel;

//! Waits until the model is connected, the chain is at least min_height
//! high, every wallet the node lists is loaded, and nothing has changed
//! for a moment (so a burst of notifications has been shown); then selects
//! the newest block (so its transactions show), lets the window repaint,
//! grabs it into file and quits the application with exit code 0. Gives up
//! after `timeout_ms`, saving what is shown and quitting with exit code 1.
class Screenshot : public QObject
{
    Q_OBJECT

public:
    Screenshot(NodeModel& model, MainWindow& window, QString file, int min_height = -1, int timeout_ms = 30000);

private:
    bool ready() const;
    //! Called on every change the window shows: restarts the quiet period.
    void check();
    void selectNewestBlock();
    void save(int exit_code);

    NodeModel& m_model;
    MainWindow& m_window;
    const QString m_file;
    const int m_min_height;
    QTimer m_quiet;
    QTimer m_timeout;
    bool m_block_requested{false};
    bool m_done{false};
};

} // namespace mpgui

#endif // MPGUI_SCREENSHOT_H
