// The NodeNotifications object mpgui hands to the node.

#ifndef MPGUI_NODE_NOTIFICATION_RELAY_H
#define MPGUI_NODE_NOTIFICATION_RELAY_H

#include <interfaces/node.h>

#include <memory>

namespace mpgui {

class GuiThreadPoster;
class NodeModel;

//! Called by the node on an IPC thread of this process; each call only
//! posts the notification to the NodeModel on the GUI thread (through the
//! poster, which drops it if the model is gone) and returns, so the node's
//! delivery thread is never held up by the GUI. session_id tells the model
//! which connection the notification came over.
class NodeNotificationRelay final : public interfaces::NodeNotifications
{
public:
    NodeNotificationRelay(std::shared_ptr<GuiThreadPoster> poster, NodeModel* model, int session_id)
        : m_poster(std::move(poster)), m_model(model), m_session_id(session_id)
    {
    }

    void blockConnected(const interfaces::BlockSummary& block) override;
    void mempoolChanged(int32_t size) override;
    void walletsChanged(const std::vector<std::string>& wallets) override;

private:
    std::shared_ptr<GuiThreadPoster> m_poster;
    NodeModel* m_model;
    const int m_session_id;
};

} // namespace mpgui

#endif // MPGUI_NODE_NOTIFICATION_RELAY_H
