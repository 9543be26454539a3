#include "node-notification-relay.h"

#include "gui-thread-poster.h"
#include "node-model.h"

namespace mpgui {

void NodeNotificationRelay::blockConnected(const interfaces::BlockSummary& block)
{
    m_poster->post([model = m_model, id = m_session_id, block] {
        model->deliver(id, [model, block] { model->onBlockConnected(block); });
    });
}

void NodeNotificationRelay::mempoolChanged(int32_t size)
{
    m_poster->post([model = m_model, id = m_session_id, size] {
        model->deliver(id, [model, size] { model->onMempoolChanged(size); });
    });
}

void NodeNotificationRelay::walletsChanged(const std::vector<std::string>& wallets)
{
    m_poster->post([model = m_model, id = m_session_id, wallets] {
        model->deliver(id, [model, wallets] { model->onWalletsChanged(wallets); });
    });
}

} // namespace mpgui
