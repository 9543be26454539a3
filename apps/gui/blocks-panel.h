// Recent blocks, the transactions of the selected one, and the Mine form.

#ifndef MPGUI_BLOCKS_PANEL_H
#define MPGUI_BLOCKS_PANEL_H

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace mpgui {

class NodeModel;
class WalletModel;

//! Lists NodeModel::recentBlocks(); selecting one asks the model for its
//! transactions. The Mine form offers the wallets' addresses as
//! destinations (any address may be typed) and reports the outcome.
class BlocksPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BlocksPanel(NodeModel& model, QWidget* parent = nullptr);

private:
    void showRecentBlocks();
    void showSelectedBlock();
    void watchWallet(WalletModel* wallet);
    void fillMineAddresses();
    void mine();

    NodeModel& m_model;
    QTreeWidget* m_blocks;
    QLabel* m_block_title;
    QTreeWidget* m_transactions;
    QSpinBox* m_mine_count;
    QComboBox* m_mine_address;
    QPushButton* m_mine_button;
    QLabel* m_mine_result;
    QProgressBar* m_mine_progress;
};

} // namespace mpgui

#endif // MPGUI_BLOCKS_PANEL_H
