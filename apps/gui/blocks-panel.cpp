#include "blocks-panel.h"

#include "display-format.h"
#include "node-model.h"
#include "wallet-model.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mpgui {

BlocksPanel::BlocksPanel(NodeModel& model, QWidget* parent) : QWidget(parent), m_model(model)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* blocks_box = new QGroupBox("Recent blocks");
    auto* blocks_layout = new QVBoxLayout(blocks_box);
    m_blocks = new QTreeWidget;
    m_blocks->setObjectName("recentBlocks");
    m_blocks->setHeaderLabels({"Height", "Hash", "Txs", "Miner", "Time"});
    m_blocks->setRootIsDecorated(false);
    m_blocks->setUniformRowHeights(true);
    m_blocks->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    blocks_layout->addWidget(m_blocks);

    auto* block_box = new QGroupBox("Block");
    auto* block_layout = new QVBoxLayout(block_box);
    m_block_title = new QLabel("Select a block to see its transactions.");
    m_block_title->setWordWrap(true);
    m_transactions = new QTreeWidget;
    m_transactions->setObjectName("blockTransactions");
    m_transactions->setHeaderLabels({"Txid", "From", "To", "Amount", "Fee"});
    m_transactions->setRootIsDecorated(false);
    m_transactions->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    block_layout->addWidget(m_block_title);
    block_layout->addWidget(m_transactions);

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(blocks_box);
    splitter->addWidget(block_box);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    auto* mine_box = new QGroupBox("Mine");
    auto* mine_layout = new QHBoxLayout(mine_box);
    m_mine_count = new QSpinBox;
    m_mine_count->setObjectName("mineCount");
    m_mine_count->setRange(1, interfaces::MAX_BLOCKS_PER_CALL);
    m_mine_count->setSuffix(" block(s)");
    m_mine_address = new QComboBox;
    m_mine_address->setObjectName("mineAddress");
    m_mine_address->setEditable(true);
    m_mine_address->setInsertPolicy(QComboBox::NoInsert);
    m_mine_address->lineEdit()->setPlaceholderText("destination address (mp…)");
    m_mine_address->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_mine_button = new QPushButton("Mine");
    m_mine_button->setObjectName("mineButton");
    mine_layout->addWidget(m_mine_count);
    mine_layout->addWidget(m_mine_address, 1);
    mine_layout->addWidget(m_mine_button);
    m_mine_result = new QLabel;
    m_mine_result->setObjectName("mineResult");
    m_mine_progress = new QProgressBar;
    m_mine_progress->setObjectName("mineProgress");
    m_mine_progress->setFormat("mining: %v of %m blocks");
    m_mine_progress->hide();
    auto* mine_column = new QVBoxLayout;
    mine_column->addWidget(mine_box);
    mine_column->addWidget(m_mine_progress);
    mine_column->addWidget(m_mine_result);
    layout->addLayout(mine_column);

    connect(&m_model, &NodeModel::recentBlocksChanged, this, &BlocksPanel::showRecentBlocks);
    connect(&m_model, &NodeModel::selectedBlockChanged, this, &BlocksPanel::showSelectedBlock);
    connect(&m_model, &NodeModel::walletAdded, this, &BlocksPanel::watchWallet);
    connect(&m_model, &NodeModel::walletRemoved, this, &BlocksPanel::fillMineAddresses);
    connect(m_blocks, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item) m_model.selectBlock(item->data(0, Qt::UserRole).toInt());
    });
    connect(m_mine_button, &QPushButton::clicked, this, &BlocksPanel::mine);
    connect(&m_model, &NodeModel::mineProgress, this, [this](int done, int total) {
        m_mine_progress->setRange(0, total);
        m_mine_progress->setValue(done);
        m_mine_progress->setVisible(done < total);
    });
    connect(&m_model, &NodeModel::mineFinished, this, [this](bool ok, const QString& message) {
        if (!ok) m_mine_progress->hide();
        m_mine_button->setEnabled(true);
        m_mine_result->setStyleSheet(ok ? "color: #1a7f37;" : "color: #cf222e;");
        m_mine_result->setText(ok ? message : "Mining failed: " + message);
    });

    for (WalletModel* wallet : m_model.wallets()) watchWallet(wallet);
    showRecentBlocks();
}

void BlocksPanel::showRecentBlocks()
{
    const int selected = m_blocks->currentItem() ? m_blocks->currentItem()->data(0, Qt::UserRole).toInt() : -1;
    // Rebuilding must not count as the user selecting a block.
    QSignalBlocker blocker(m_blocks);
    m_blocks->clear();
    for (const auto& block : m_model.recentBlocks()) {
        auto* item = new QTreeWidgetItem(m_blocks, {QString::number(block.height), ShortHash(block.hash),
                                                    QString::number(block.transaction_count), ShortHash(block.miner),
                                                    TimeText(block.time)});
        item->setData(0, Qt::UserRole, block.height);
        item->setToolTip(1, QString::fromStdString(block.hash));
        item->setToolTip(3, QString::fromStdString(block.miner));
        item->setTextAlignment(0, Qt::AlignRight);
        item->setTextAlignment(2, Qt::AlignRight);
        if (block.height == selected) m_blocks->setCurrentItem(item);
    }
}

void BlocksPanel::showSelectedBlock()
{
    m_transactions->clear();
    const auto& block = m_model.selectedBlock();
    if (!block) {
        m_block_title->setText("That block is not in the node's chain.");
        return;
    }
    m_block_title->setText(QString("Block %1 · %2 · mined by %3 · reward %4")
                               .arg(block->height)
                               .arg(ShortHash(block->hash), ShortHash(block->miner), AmountText(block->reward)));
    m_block_title->setToolTip(QString::fromStdString(block->hash));
    for (const auto& tx : block->transactions) {
        auto* item = new QTreeWidgetItem(m_transactions, {ShortHash(tx.txid), ShortHash(tx.sender), ShortHash(tx.recipient),
                                                          CoinsText(tx.amount), CoinsText(tx.fee)});
        item->setToolTip(0, QString::fromStdString(tx.txid));
        item->setToolTip(1, QString::fromStdString(tx.sender));
        item->setToolTip(2, QString::fromStdString(tx.recipient));
    }
    if (block->transactions.empty()) new QTreeWidgetItem(m_transactions, {"(only the mining reward)"});
}

void BlocksPanel::watchWallet(WalletModel* wallet)
{
    connect(wallet, &WalletModel::addressesChanged, this, &BlocksPanel::fillMineAddresses);
    fillMineAddresses();
}

void BlocksPanel::fillMineAddresses()
{
    // Keep what the user typed or picked.
    const QString current = m_mine_address->currentText();
    m_mine_address->clear();
    for (WalletModel* wallet : m_model.wallets()) {
        for (const auto& info : wallet->addresses()) {
            m_mine_address->addItem(QString::fromStdString(info.address),
                                    QString::fromStdString(wallet->name()));
            m_mine_address->setItemData(m_mine_address->count() - 1,
                                        "wallet '" + QString::fromStdString(wallet->name()) + "'", Qt::ToolTipRole);
        }
    }
    // Until the user chooses, offer the first wallet's first address.
    m_mine_address->setCurrentText(current.isEmpty() ? m_mine_address->itemText(0) : current);
}

void BlocksPanel::mine()
{
    m_mine_button->setEnabled(false);
    m_mine_result->setStyleSheet({});
    m_mine_result->setText("Mining…");
    m_model.mine(m_mine_count->value(), m_mine_address->currentText());
}

} // namespace mpgui
