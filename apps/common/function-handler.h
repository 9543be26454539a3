// A Handler that runs a cleanup function once: on disconnect(), or when it
// is destroyed (because the client destroyed its proxy, or its process
// went away and the library released the object).

#ifndef MPSAMPLE_FUNCTION_HANDLER_H
#define MPSAMPLE_FUNCTION_HANDLER_H

#include <interfaces/handler.h>

#include <functional>
#include <mutex>
#include <utility>

namespace mpsample {

class FunctionHandler final : public interfaces::Handler
{
public:
    explicit FunctionHandler(std::function<void()> cleanup) : m_cleanup(std::move(cleanup)) {}
    ~FunctionHandler() override { disconnect(); }
    void disconnect() override
    {
        std::function<void()> cleanup;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            cleanup = std::exchange(m_cleanup, nullptr);
        }
        if (cleanup) cleanup();
    }

private:
    std::mutex m_mutex;
    std::function<void()> m_cleanup;
};

} // namespace mpsample

#endif // MPSAMPLE_FUNCTION_HANDLER_H
