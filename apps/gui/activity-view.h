// What the GUI hears from the node: every notification and connection
// event, and how long IPC calls take.

#ifndef MPGUI_ACTIVITY_VIEW_H
#define MPGUI_ACTIVITY_VIEW_H

#include <QGroupBox>

class QLabel;
class QListWidget;

namespace mpgui {

class NodeModel;

//! A log of NodeModel::activity() lines, newest at the bottom and capped
//! at MAX_LINES, under a line with the last and average call latency
//! (objectName latencyLabel) and the notification count.
class ActivityView : public QGroupBox
{
    Q_OBJECT

public:
    static constexpr int MAX_LINES = 1000;

    explicit ActivityView(NodeModel& model, QWidget* parent = nullptr);

private:
    void append(const QString& text);
    void showLatency();

    NodeModel& m_model;
    QLabel* m_latency;
    QListWidget* m_log;
};

} // namespace mpgui

#endif // MPGUI_ACTIVITY_VIEW_H
