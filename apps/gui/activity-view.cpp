#include "activity-view.h"

#include "node-model.h"

#include <QLabel>
#include <QListWidget>
#include <QTime>
#include <QVBoxLayout>

namespace mpgui {

ActivityView::ActivityView(NodeModel& model, QWidget* parent) : QGroupBox("Activity", parent), m_model(model)
{
    auto* layout = new QVBoxLayout(this);
    m_latency = new QLabel;
    m_latency->setObjectName("latencyLabel");
    m_log = new QListWidget;
    m_log->setObjectName("activityLog");
    m_log->setUniformItemSizes(true);
    QFont mono("monospace");
    mono.setStyleHint(QFont::Monospace);
    m_log->setFont(mono);
    layout->addWidget(m_latency);
    layout->addWidget(m_log);

    connect(&m_model, &NodeModel::activity, this, &ActivityView::append);
    connect(&m_model, &NodeModel::latencyChanged, this, &ActivityView::showLatency);
    connect(&m_model, &NodeModel::statusChanged, this, &ActivityView::showLatency);
    showLatency();
}

void ActivityView::append(const QString& text)
{
    m_log->addItem(QTime::currentTime().toString("hh:mm:ss.zzz") + "  " + text);
    while (m_log->count() > MAX_LINES) delete m_log->takeItem(0);
    m_log->scrollToBottom();
    showLatency();
}

void ActivityView::showLatency()
{
    const LatencyStats& latency = m_model.latency();
    if (latency.count == 0) {
        m_latency->setText(QString("No IPC call yet · %1 notification(s)").arg(m_model.notificationCount()));
        return;
    }
    m_latency->setText(QString("Last call: %1 %2 ms · average %3 ms over %4 call(s) · %5 notification(s)")
                           .arg(QString::fromStdString(latency.last_method))
                           .arg(latency.last_ms, 0, 'f', 2)
                           .arg(latency.averageMs(), 0, 'f', 2)
                           .arg(latency.count)
                           .arg(m_model.notificationCount()));
}

} // namespace mpgui
