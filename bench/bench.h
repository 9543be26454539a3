// The C++ interfaces behind bench.capnp, and the implementation the
// benchmark's server process serves.

#ifndef MPBENCH_BENCH_H
#define MPBENCH_BENCH_H

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace mpbench {

//! A callback the client lends to the server (interface BenchCallback).
class Callback
{
public:
    virtual ~Callback() = default;
    virtual int32_t call(int32_t value) = 0;
};

//! The benchmark's init interface (interface BenchInit). echo's parameter
//! is a byte span, which the server reads in place; results are owning
//! containers because a client cannot keep a view into a freed reply. The
//! echoBytes..echoStringRef family has the signatures people usually write
//! instead: a container by value or by const reference.
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

    virtual std::vector<unsigned char> echoBytes(std::vector<unsigned char> data) = 0;
    virtual std::vector<unsigned char> echoBytesOnWorker(std::vector<unsigned char> data) = 0;
    virtual std::vector<unsigned char> echoBytesRef(const std::vector<unsigned char>& data) = 0;
    virtual std::vector<unsigned char> echoBytesRefOnWorker(const std::vector<unsigned char>& data) = 0;
    virtual std::vector<char> echoChars(std::vector<char> data) = 0;
    virtual std::vector<char> echoCharsOnWorker(std::vector<char> data) = 0;
    virtual std::vector<char> echoCharsRef(const std::vector<char>& data) = 0;
    virtual std::vector<char> echoCharsRefOnWorker(const std::vector<char>& data) = 0;
    virtual std::string echoString(std::string text) = 0;
    virtual std::string echoStringOnWorker(std::string text) = 0;
    virtual std::string echoStringRef(const std::string& text) = 0;
    virtual std::string echoStringRefOnWorker(const std::string& text) = 0;
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

    // As a user writes them: a by-value argument is returned (moved), a
    // const reference is copied.
    std::vector<unsigned char> echoBytes(std::vector<unsigned char> data) override { return data; }
    std::vector<unsigned char> echoBytesOnWorker(std::vector<unsigned char> data) override { return data; }
    std::vector<unsigned char> echoBytesRef(const std::vector<unsigned char>& data) override { return data; }
    std::vector<unsigned char> echoBytesRefOnWorker(const std::vector<unsigned char>& data) override { return data; }
    std::vector<char> echoChars(std::vector<char> data) override { return data; }
    std::vector<char> echoCharsOnWorker(std::vector<char> data) override { return data; }
    std::vector<char> echoCharsRef(const std::vector<char>& data) override { return data; }
    std::vector<char> echoCharsRefOnWorker(const std::vector<char>& data) override { return data; }
    std::string echoString(std::string text) override { return text; }
    std::string echoStringOnWorker(std::string text) override { return text; }
    std::string echoStringRef(const std::string& text) override { return text; }
    std::string echoStringRefOnWorker(const std::string& text) override { return text; }

private:
    std::mutex m_mutex;
    std::shared_ptr<Callback> m_callback;
};

} // namespace mpbench

#endif // MPBENCH_BENCH_H
