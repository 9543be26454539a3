#include "node-status-view.h"

#include "display-format.h"
#include "node-model.h"

#include <QGridLayout>
#include <QLabel>
#include <QStringList>

namespace mpgui {
namespace {

QLabel* AddField(QGridLayout* grid, int row, int column, const QString& caption, const QString& object_name,
                 int value_span = 1)
{
    auto* caption_label = new QLabel(caption + ":");
    caption_label->setStyleSheet("color: palette(mid);");
    auto* value = new QLabel("–");
    value->setObjectName(object_name);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(caption_label, row, column * 2);
    grid->addWidget(value, row, column * 2 + 1, 1, value_span);
    return value;
}

} // namespace

NodeStatusView::NodeStatusView(NodeModel& model, QWidget* parent) : QGroupBox("Node", parent), m_model(model)
{
    auto* grid = new QGridLayout(this);
    m_connection = new QLabel;
    m_connection->setObjectName("connectionLabel");
    grid->addWidget(m_connection, 0, 0, 1, 6);
    m_height = AddField(grid, 1, 0, "Height", "heightLabel");
    m_mempool = AddField(grid, 1, 1, "Mempool", "mempoolLabel");
    m_wallets = AddField(grid, 1, 2, "Wallets", "walletsLabel");
    m_tip = AddField(grid, 2, 0, "Tip", "tipLabel", 5);
    grid->setColumnStretch(5, 1);

    connect(&m_model, &NodeModel::connectionChanged, this, &NodeStatusView::showConnection);
    connect(&m_model, &NodeModel::statusChanged, this, &NodeStatusView::showStatus);
    showConnection();
    showStatus();
}

void NodeStatusView::showConnection()
{
    QString color;
    switch (m_model.connectionState()) {
    case NodeModel::ConnectionState::Connected: color = "#1a7f37"; break;
    case NodeModel::ConnectionState::Connecting: color = "#9a6700"; break;
    case NodeModel::ConnectionState::Disconnected: color = "#cf222e"; break;
    }
    m_connection->setText(QString("<b style='color:%1'>&#9679;</b> %2").arg(color, m_model.connectionMessage().toHtmlEscaped()));
    // Last known values stay visible, greyed, while the node is away.
    const bool connected = m_model.connectionState() == NodeModel::ConnectionState::Connected;
    for (QLabel* label : {m_height, m_tip, m_mempool, m_wallets}) label->setEnabled(connected);
}

void NodeStatusView::showStatus()
{
    const interfaces::NodeStatus& status = m_model.status();
    m_height->setText(status.height < 0 ? QString("no blocks yet") : QString::number(status.height));
    m_tip->setText(status.tip_hash.empty() ? QString("–") : QString::fromStdString(status.tip_hash));
    m_mempool->setText(QString("%1 transaction(s)").arg(status.mempool_size));
    QStringList names;
    for (const auto& name : status.wallets) names << QString::fromStdString(name);
    m_wallets->setText(names.isEmpty() ? QString("none") : QString("%1 (%2)").arg(names.size()).arg(names.join(", ")));
}

} // namespace mpgui
