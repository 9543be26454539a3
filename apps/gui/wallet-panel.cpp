#include "wallet-panel.h"

#include "display-format.h"
#include "send-request.h"
#include "wallet-model.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <stdexcept>

namespace mpgui {
namespace {

QTableWidget* MakeTable(const QStringList& headers, const QString& object_name)
{
    auto* table = new QTableWidget(0, headers.size());
    table->setObjectName(object_name);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QTableWidgetItem* Cell(const QString& text, const QString& tooltip = {})
{
    auto* item = new QTableWidgetItem(text);
    if (!tooltip.isEmpty()) item->setToolTip(tooltip);
    return item;
}

} // namespace

WalletPanel::WalletPanel(WalletModel& wallet, QWidget* parent) : QWidget(parent), m_wallet(wallet)
{
    setObjectName("wallet-" + QString::fromStdString(wallet.name()));
    auto* layout = new QVBoxLayout(this);

    auto* balances = new QHBoxLayout;
    m_confirmed = new QLabel;
    m_confirmed->setObjectName("confirmedBalance");
    m_unconfirmed = new QLabel;
    m_unconfirmed->setObjectName("unconfirmedBalance");
    balances->addWidget(new QLabel("Confirmed:"));
    balances->addWidget(m_confirmed);
    balances->addSpacing(24);
    balances->addWidget(new QLabel("Unconfirmed:"));
    balances->addWidget(m_unconfirmed);
    balances->addStretch(1);
    layout->addLayout(balances);

    auto* addresses_box = new QGroupBox("Addresses");
    auto* addresses_layout = new QVBoxLayout(addresses_box);
    m_addresses = MakeTable({"Address", "Label"}, "addresses");
    auto* address_buttons = new QHBoxLayout;
    auto* new_button = new QPushButton("New address");
    new_button->setObjectName("newAddressButton");
    m_copy_button = new QPushButton("Copy address");
    m_copy_button->setObjectName("copyAddressButton");
    address_buttons->addWidget(new_button);
    address_buttons->addWidget(m_copy_button);
    address_buttons->addStretch(1);
    addresses_layout->addWidget(m_addresses);
    addresses_layout->addLayout(address_buttons);
    layout->addWidget(addresses_box, 2);

    auto* history_box = new QGroupBox("History");
    auto* history_layout = new QVBoxLayout(history_box);
    m_history = MakeTable({"Height", "Amount", "Counterparty", "Txid"}, "history");
    history_layout->addWidget(m_history);
    layout->addWidget(history_box, 3);

    auto* send_box = new QGroupBox("Send");
    auto* send_form = new QFormLayout(send_box);
    m_send_address = new QLineEdit;
    m_send_address->setObjectName("sendAddress");
    m_send_address->setPlaceholderText("mp followed by 40 hex digits");
    m_send_amount = new QLineEdit;
    m_send_amount->setObjectName("sendAmount");
    m_send_amount->setPlaceholderText("coins, e.g. 12.5");
    m_send_fee = new QLineEdit("0.001");
    m_send_fee->setObjectName("sendFee");
    m_send_button = new QPushButton("Send");
    m_send_button->setObjectName("sendButton");
    m_send_result = new QLabel;
    m_send_result->setObjectName("sendResult");
    m_send_result->setWordWrap(true);
    m_send_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* amount_row = new QHBoxLayout;
    amount_row->addWidget(m_send_amount, 2);
    amount_row->addWidget(new QLabel("Fee:"));
    amount_row->addWidget(m_send_fee, 1);
    amount_row->addWidget(m_send_button);
    send_form->addRow("Pay to:", m_send_address);
    send_form->addRow("Amount:", amount_row);
    send_form->addRow(m_send_result);
    layout->addWidget(send_box);

    connect(&m_wallet, &WalletModel::balancesChanged, this, &WalletPanel::showBalances);
    connect(&m_wallet, &WalletModel::addressesChanged, this, &WalletPanel::showAddresses);
    connect(&m_wallet, &WalletModel::historyChanged, this, &WalletPanel::showHistory);
    connect(&m_wallet, &WalletModel::sendFinished, this, &WalletPanel::showSendResult);
    connect(new_button, &QPushButton::clicked, this, [this] { m_wallet.newAddress({}); });
    connect(m_copy_button, &QPushButton::clicked, this, &WalletPanel::copySelectedAddress);
    connect(m_addresses, &QTableWidget::itemSelectionChanged, this,
            [this] { m_copy_button->setEnabled(!m_addresses->selectedItems().isEmpty()); });
    for (QLineEdit* field : {m_send_address, m_send_amount, m_send_fee}) {
        connect(field, &QLineEdit::textChanged, this, &WalletPanel::checkSendForm);
        connect(field, &QLineEdit::returnPressed, this, &WalletPanel::send);
    }
    connect(m_send_button, &QPushButton::clicked, this, &WalletPanel::send);

    showBalances();
    showAddresses();
    showHistory();
    checkSendForm();
}

void WalletPanel::showBalances()
{
    if (!m_wallet.loaded()) {
        m_confirmed->setText("loading…");
        m_unconfirmed->setText("loading…");
        return;
    }
    m_confirmed->setText("<b>" + AmountText(m_wallet.balances().confirmed) + "</b>");
    m_unconfirmed->setText(AmountText(m_wallet.balances().unconfirmed));
}

void WalletPanel::showAddresses()
{
    const int selected = m_addresses->currentRow();
    m_addresses->setRowCount(0);
    for (const auto& info : m_wallet.addresses()) {
        const int row = m_addresses->rowCount();
        m_addresses->insertRow(row);
        m_addresses->setItem(row, 0, Cell(QString::fromStdString(info.address)));
        m_addresses->setItem(row, 1, Cell(QString::fromStdString(info.label)));
    }
    if (selected >= 0 && selected < m_addresses->rowCount()) m_addresses->selectRow(selected);
    m_copy_button->setEnabled(!m_addresses->selectedItems().isEmpty());
}

void WalletPanel::showHistory()
{
    m_history->setRowCount(0);
    for (const auto& entry : m_wallet.history()) {
        const int row = m_history->rowCount();
        m_history->insertRow(row);
        m_history->setItem(row, 0, Cell(entry.height < 0 ? QString("mempool") : QString::number(entry.height)));
        auto* amount = Cell(SignedAmountText(entry.amount));
        amount->setForeground(entry.amount < 0 ? QColor("#cf222e") : QColor("#1a7f37"));
        amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_history->setItem(row, 1, amount);
        const QString counterparty = QString::fromStdString(entry.counterparty);
        m_history->setItem(row, 2, Cell(entry.coinbase ? counterparty : ShortHash(entry.counterparty), counterparty));
        m_history->setItem(row, 3, Cell(ShortHash(entry.txid), QString::fromStdString(entry.txid)));
    }
}

void WalletPanel::copySelectedAddress()
{
    const int row = m_addresses->currentRow();
    if (row < 0 || !m_addresses->item(row, 0)) return;
    QApplication::clipboard()->setText(m_addresses->item(row, 0)->text());
    m_send_result->setStyleSheet({});
    m_send_result->setText("Copied " + m_addresses->item(row, 0)->text() + " to the clipboard.");
}

void WalletPanel::checkSendForm()
{
    if (m_sending) return;
    try {
        ParseSendRequest(m_send_address->text().toStdString(), m_send_amount->text().toStdString(),
                         m_send_fee->text().toStdString());
        m_send_button->setEnabled(true);
        m_send_result->setStyleSheet({});
        m_send_result->clear();
    } catch (const std::invalid_argument& e) {
        m_send_button->setEnabled(false);
        // Say what is missing or wrong only once the user has typed something.
        const bool touched = !m_send_address->text().isEmpty() || !m_send_amount->text().isEmpty();
        m_send_result->setStyleSheet("color: palette(mid);");
        m_send_result->setText(touched ? QString::fromStdString(e.what()) : QString());
    }
}

void WalletPanel::send()
{
    if (m_sending || !m_send_button->isEnabled()) return;
    m_sending = true;
    m_send_button->setEnabled(false);
    m_send_result->setStyleSheet({});
    m_send_result->setText("Sending…");
    m_wallet.send(m_send_address->text(), m_send_amount->text(), m_send_fee->text());
}

void WalletPanel::showSendResult(bool ok, const QString& message)
{
    m_sending = false;
    if (ok) {
        // Clearing the form re-checks it, which clears the result line.
        m_send_address->clear();
        m_send_amount->clear();
    } else {
        checkSendForm();
    }
    m_send_result->setStyleSheet(ok ? "color: #1a7f37;" : "color: #cf222e;");
    m_send_result->setText(ok ? "Sent: transaction " + message : "Send failed: " + message);
}

} // namespace mpgui
