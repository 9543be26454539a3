// The strip at the top of the main window: connection, height, tip,
// mempool and wallets, as NodeModel reports them.

#ifndef MPGUI_NODE_STATUS_VIEW_H
#define MPGUI_NODE_STATUS_VIEW_H

#include <QGroupBox>

class QLabel;

namespace mpgui {

class NodeModel;

//! Shows NodeModel::status() and its connection state; redraws on the
//! model's signals. Labels have object names (connectionLabel,
//! heightLabel, tipLabel, mempoolLabel, walletsLabel) so tests can read
//! what a user sees.
class NodeStatusView : public QGroupBox
{
    Q_OBJECT

public:
    explicit NodeStatusView(NodeModel& model, QWidget* parent = nullptr);

private:
    void showConnection();
    void showStatus();

    NodeModel& m_model;
    QLabel* m_connection;
    QLabel* m_height;
    QLabel* m_tip;
    QLabel* m_mempool;
    QLabel* m_wallets;
};

} // namespace mpgui

#endif // MPGUI_NODE_STATUS_VIEW_H
