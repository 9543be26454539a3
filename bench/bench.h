// The C++ interfaces behind bench.capnp, and the implementation the
// benchmark's server process serves.

#ifndef MPBENCH_BENCH_H
#define MPBENCH_BENCH_H

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <vector>

namespace mpbench {

//! A callback the client lends to the server (interface BenchCallback).
class Callback
{
public:
    virtual ~Callback() = default;
    virtual int32_t call(int32_t value) = 0;
};

//! The benchmark's init interface (interface BenchInit). Parameters are
//! byte spans so that the server reads them in place; results are owning
//! vectors because a client cannot keep a view into a freed reply.
class Bench
{
public:
    virtual ~Bench() = default;
    virtual int32_t add(int32_t a, int32_t b) = 0;
    virtual int32_t addOnWorker(int32_t a, int32_t b) = 0;
    virtual std::vector<unsigned char> echo(std::span<const unsigned char> data) = 0;
    virtual std::vector<unsigned char> echoOnWorker(std::span<const unsigned char> data) = 0;
    virtual void setCallback(std::shared_ptr<Callback> callback) = 0;
    virtual int32_t callBack(int32_t value) = 0;
};

//! What the server process serves.
class BenchImpl final : public Bench
{
public:
    int32_t add(int32_t a, int32_t b) override { return a + b; }
    int32_t addOnWorker(int32_t a, int32_t b) override { return a + b; }
    std::vector<unsigned char> echo(std::span<const unsigned char> data) override
    {
        return {data.begin(), data.end()};
    }
    std::vector<unsigned char> echoOnWorker(std::span<const unsigned char> data) override
    {
        return {data.begin(), data.end()};
    }
    void setCallback(std::shared_ptr<Callback> callback) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_callback = std::move(callback);
    }
    int32_t callBack(int32_t value) override
    {
        std::shared_ptr<Callback> callback;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            callback = m_callback;
        }
        if (!callback) throw std::runtime_error("callBack: no callback set");
        return callback->call(value);
    }

private:
    std::mutex m_mutex;
    std::shared_ptr<Callback> m_callback;
};

} // namespace mpbench

#endif // MPBENCH_BENCH_H
