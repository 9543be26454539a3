// C++ classes wrapped by the interfaces and structs of foo.capnp, and the
// server-side implementations the tests serve.
//
// The abstract classes (Foo, FooObject, FooCallback) are what the generated
// ProxyClient<...> classes derive from, so a test calls a remote object
// through an ordinary Foo& / std::unique_ptr<FooObject>. The implementations
// record what they observed (calling thread, call counts) in public members
// so that in-process tests can assert on them after a call returns.

#ifndef MP_TEST_FOO_H
#define MP_TEST_FOO_H

#include <mp/thread-context.h>

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace mp {
namespace test {

//! Carried as a capnp Int32.
enum class Color : int32_t { Red = 1, Green = 2, Blue = 3 };

struct FooInner
{
    int32_t x = 0;
    bool flag = false;
};

//! Mirrors capnp struct FooStruct. `caption` is capnp field `label`.
struct FooStruct
{
    std::string name;
    int32_t count = 0;
    FooInner inner;
    std::string caption;
    std::vector<unsigned char> payload;
    uint64_t big = 0;
};

//! User type converted with CustomBuildField/CustomReadField (foo-types.h),
//! carried on the wire as decimal Text such as "12.34".
struct Money
{
    int64_t cents = 0;
    //! Set only by the CustomReadField overload in foo-types.h, so a test can
    //! see that the custom conversion (not some other path) produced a value.
    bool decoded_from_text = false;
};

class FooObject
{
public:
    virtual ~FooObject() = default;
    virtual int32_t getValue() = 0;
};

//! Extends FooObject (interface FooCounter extends(FooObject)).
class FooCounter : public FooObject
{
public:
    virtual int32_t increment() = 0;
};

//! Thrown by Foo::checkedDivide; carried in a $Proxy.exception result field
//! and rethrown on the client as this type.
class DivideError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class FooCallback
{
public:
    virtual ~FooCallback() = default;
    virtual int32_t call(int32_t value) = 0;
};

//! Makes byte payloads on request (interface FooBytesSource).
class FooBytesSource
{
public:
    virtual ~FooBytesSource() = default;
    virtual std::vector<unsigned char> make(uint64_t size, uint8_t seed) = 0;
};

//! size bytes that differ from one position to the next (and with the
//! seed), so that a payload moved, cut or mixed up with another shows.
inline std::vector<unsigned char> PatternBytes(uint64_t size, uint8_t seed)
{
    std::vector<unsigned char> bytes(size);
    for (uint64_t i = 0; i < size; ++i) bytes[i] = static_cast<unsigned char>((i * 131 + i / 4093 + seed) & 0xff);
    return bytes;
}

class Foo
{
public:
    virtual ~Foo() = default;
    virtual int32_t add(int32_t a, int32_t b) = 0;
    virtual int8_t passInt8(int8_t value) = 0;
    virtual uint8_t passUInt8(uint8_t value) = 0;
    virtual int16_t passInt16(int16_t value) = 0;
    virtual uint16_t passUInt16(uint16_t value) = 0;
    virtual int32_t passInt32(int32_t value) = 0;
    virtual uint32_t passUInt32(uint32_t value) = 0;
    virtual int64_t passInt64(int64_t value) = 0;
    virtual uint64_t passUInt64(uint64_t value) = 0;
    virtual bool negate(bool value) = 0;
    virtual float passFloat32(float value) = 0;
    virtual double passFloat64(double value) = 0;
    virtual Color nextColor(Color color) = 0;
    virtual std::string passString(const std::string& value) = 0;
    virtual std::vector<unsigned char> passBytes(std::vector<unsigned char> value) = 0;
    virtual std::vector<char> passChars(const std::vector<char>& value) = 0;
    virtual FooStruct passStruct(const FooStruct& value) = 0;
    virtual std::unique_ptr<FooObject> makeObject(int32_t value) = 0;
    virtual int32_t callShared(std::shared_ptr<FooCallback> callback, int32_t value) = 0;
    virtual void saveCallback(std::shared_ptr<FooCallback> callback) = 0;
    virtual int32_t callSavedOnce(int32_t value) = 0;
    virtual int32_t callRef(FooCallback& callback, int32_t value) = 0;
    virtual void throwError(const std::string& message) = 0;
    virtual int64_t passNarrow(int64_t value) = 0;
    virtual int32_t divide(int32_t a, int32_t b, int32_t& remainder) = 0;
    virtual void square(int32_t value, int32_t& squared) = 0;
    virtual void doubleInPlace(int32_t& value) = 0;
    virtual int32_t timesThree(int32_t value) = 0;
    virtual Money addFee(Money amount) = 0;
    virtual void recordLoopThread() = 0;
    virtual void recordWorkerThread() = 0;
    virtual int32_t processId() = 0;
    virtual void squareInto(int32_t value, int32_t* squared) = 0;
    virtual int64_t shiftUp(int32_t value) = 0;
    virtual int32_t passCount(int32_t count) = 0;
    virtual int32_t checkedDivide(int32_t a, int32_t b) = 0;
    virtual std::unique_ptr<FooCounter> makeCounter(int32_t start) = 0;
    virtual int32_t callFunction(std::function<int32_t(int32_t)> fn, int32_t value) = 0;
    virtual void saveFunction(std::function<int32_t(int32_t)> fn) = 0;
    virtual int32_t callSavedFunctionFromNewThread(int32_t value) = 0;
    virtual void notifyFromServerThread(std::function<int32_t(int32_t)> fn, int32_t count) = 0;
    virtual std::function<int32_t(int32_t)> makeMultiplier(int32_t factor) = 0;
    virtual std::string callCatching(std::shared_ptr<FooCallback> callback, int32_t value) = 0;
    virtual void blockUntilReleased() = 0;
    virtual void release() = 0;
    virtual std::string serverThreadName() = 0;
    virtual uint64_t workerThreadId() = 0;
    virtual uint64_t loopThreadId() = 0;
    virtual void callThenBlock(std::shared_ptr<FooCallback> started, int32_t value) = 0;
    virtual std::unique_ptr<FooObject> makeObjectWithHook(int32_t value, std::shared_ptr<FooCallback> on_destroy) = 0;
    virtual std::vector<unsigned char> passBytesOnWorker(std::vector<unsigned char> value) = 0;
    virtual std::vector<char> passCharsOnWorker(const std::vector<char>& value) = 0;
    virtual void fillBytes(uint64_t size, uint8_t seed, std::vector<unsigned char>& bytes) = 0;
};

//! Number of FooObjectImpl instances alive in this process.
inline std::atomic<int> g_live_foo_objects{0};

class FooObjectImpl : public FooObject
{
public:
    explicit FooObjectImpl(int32_t value) : m_value(value) { ++g_live_foo_objects; }
    ~FooObjectImpl() override { --g_live_foo_objects; }
    int32_t getValue() override { return m_value; }

private:
    int32_t m_value;
};

class FooCounterImpl : public FooCounter
{
public:
    explicit FooCounterImpl(int32_t start) : m_value(start) { ++g_live_foo_objects; }
    ~FooCounterImpl() override { --g_live_foo_objects; }
    int32_t getValue() override { return m_value; }
    int32_t increment() override { return m_value = static_cast<int32_t>(int64_t{m_value} + 1); }

private:
    int32_t m_value;
};

//! Where and how the last HookedObject was destroyed (fault tests).
struct HookedObjectLog
{
    std::mutex mutex;
    std::condition_variable cv;
    int destroyed = 0;
    std::thread::id thread;
    //! The message of the exception on_destroy threw, if it did.
    std::string hook_error;
};
inline HookedObjectLog g_hooked_objects;

//! A FooObject that calls a callback when destroyed (makeObjectWithHook).
class HookedObject : public FooObject
{
public:
    HookedObject(int32_t value, std::shared_ptr<FooCallback> on_destroy)
        : m_value(value), m_on_destroy(std::move(on_destroy))
    {
        ++g_live_foo_objects;
    }
    ~HookedObject() override
    {
        std::string error;
        try {
            if (m_on_destroy) m_on_destroy->call(m_value);
        } catch (const std::exception& e) {
            error = e.what();
        }
        m_on_destroy.reset();
        --g_live_foo_objects;
        std::lock_guard<std::mutex> lock(g_hooked_objects.mutex);
        ++g_hooked_objects.destroyed;
        g_hooked_objects.thread = std::this_thread::get_id();
        g_hooked_objects.hook_error = error;
        g_hooked_objects.cv.notify_all();
    }
    int32_t getValue() override { return m_value; }

private:
    int32_t m_value;
    std::shared_ptr<FooCallback> m_on_destroy;
};

//! The calling thread as a number that can cross a socket: equal for calls
//! made on the same thread, different (barring a hash collision) otherwise.
inline uint64_t CurrentThreadNumber()
{
    return static_cast<uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id()));
}

//! Fee added by Foo::addFee, in cents.
constexpr int64_t FEE_CENTS = 150;

class FooImplementation : public Foo
{
public:
    // Arithmetic wraps around instead of overflowing: a peer may send any
    // values (hostile_test.cpp, the fuzz target), and the test server must
    // answer them without undefined behaviour.
    int32_t add(int32_t a, int32_t b) override { return static_cast<int32_t>(int64_t{a} + b); }
    int8_t passInt8(int8_t value) override { return value; }
    uint8_t passUInt8(uint8_t value) override { return value; }
    int16_t passInt16(int16_t value) override { return value; }
    uint16_t passUInt16(uint16_t value) override { return value; }
    int32_t passInt32(int32_t value) override { return value; }
    uint32_t passUInt32(uint32_t value) override { return value; }
    int64_t passInt64(int64_t value) override { return value; }
    uint64_t passUInt64(uint64_t value) override { return value; }
    bool negate(bool value) override { return !value; }
    float passFloat32(float value) override { return value; }
    double passFloat64(double value) override { return value; }
    Color nextColor(Color color) override
    {
        switch (color) {
        case Color::Red: return Color::Green;
        case Color::Green: return Color::Blue;
        case Color::Blue: return Color::Red;
        }
        throw std::runtime_error("nextColor: not a color");
    }
    std::string passString(const std::string& value) override { return value; }
    std::vector<unsigned char> passBytes(std::vector<unsigned char> value) override { return value; }
    std::vector<char> passChars(const std::vector<char>& value) override { return value; }
    FooStruct passStruct(const FooStruct& value) override { return value; }
    std::unique_ptr<FooObject> makeObject(int32_t value) override
    {
        return std::make_unique<FooObjectImpl>(value);
    }
    // A peer may send a null capability for a shared_ptr parameter: nullptr.
    int32_t callShared(std::shared_ptr<FooCallback> callback, int32_t value) override
    {
        if (!callback) throw std::invalid_argument("callShared: no callback");
        return callback->call(value);
    }
    void saveCallback(std::shared_ptr<FooCallback> callback) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_saved_callback = std::move(callback);
    }
    int32_t callSavedOnce(int32_t value) override
    {
        std::shared_ptr<FooCallback> callback;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            callback = std::move(m_saved_callback);
        }
        if (!callback) throw std::runtime_error("callSavedOnce: no saved callback");
        return callback->call(value);
    }
    int32_t callRef(FooCallback& callback, int32_t value) override { return callback.call(value); }
    void throwError(const std::string& message) override { throw std::runtime_error(message); }
    int64_t passNarrow(int64_t value) override
    {
        ++narrow_calls;
        return value;
    }
    int32_t divide(int32_t a, int32_t b, int32_t& remainder) override
    {
        if (b == 0) throw std::runtime_error("divide: division by zero");
        remainder = static_cast<int32_t>(int64_t{a} % b);
        return static_cast<int32_t>(int64_t{a} / b);
    }
    void square(int32_t value, int32_t& squared) override { squared = static_cast<int32_t>(int64_t{value} * value); }
    void doubleInPlace(int32_t& value) override { value = static_cast<int32_t>(int64_t{value} * 2); }
    int32_t timesThree(int32_t value) override { return static_cast<int32_t>(int64_t{value} * 3); }
    Money addFee(Money amount) override
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_last_fee_input = amount;
        }
        if (amount.cents > std::numeric_limits<int64_t>::max() - FEE_CENTS) {
            throw std::overflow_error("addFee: amount too large");
        }
        return Money{amount.cents + FEE_CENTS};
    }
    void recordLoopThread() override { loop_call_thread = std::this_thread::get_id(); }
    void recordWorkerThread() override { worker_call_thread = std::this_thread::get_id(); }
    int32_t processId() override { return static_cast<int32_t>(getpid()); }
    void squareInto(int32_t value, int32_t* squared) override
    {
        if (squared) *squared = static_cast<int32_t>(int64_t{value} * value);
    }
    //! Returns value * 2^32, which fits an Int32 result field only for 0.
    int64_t shiftUp(int32_t value) override { return int64_t{value} * (int64_t{1} << 32); }
    int32_t passCount(int32_t count) override
    {
        ++count_calls;
        return count;
    }
    int32_t checkedDivide(int32_t a, int32_t b) override
    {
        if (b == 0) throw DivideError("cannot divide " + std::to_string(a) + " by zero");
        return static_cast<int32_t>(int64_t{a} / b);
    }
    std::unique_ptr<FooCounter> makeCounter(int32_t start) override
    {
        return std::make_unique<FooCounterImpl>(start);
    }
    int32_t callFunction(std::function<int32_t(int32_t)> fn, int32_t value) override { return fn(value); }
    void saveFunction(std::function<int32_t(int32_t)> fn) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_saved_function = std::move(fn);
    }
    int32_t callSavedFunctionFromNewThread(int32_t value) override
    {
        std::function<int32_t(int32_t)> fn;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            fn = std::move(m_saved_function);
        }
        if (!fn) throw std::runtime_error("callSavedFunctionFromNewThread: no saved function");
        int32_t result = 0;
        std::exception_ptr error;
        std::thread thread([&] {
            try {
                result = fn(value);
            } catch (...) {
                error = std::current_exception();
            }
            fn = nullptr; // release the remote object on this thread
        });
        thread.join();
        if (error) std::rethrow_exception(error);
        return result;
    }
    void notifyFromServerThread(std::function<int32_t(int32_t)> fn, int32_t count) override
    {
        if (m_notifier.joinable()) m_notifier.join();
        m_notifier = std::thread([fn = std::move(fn), count]() mutable {
            try {
                for (int32_t i = 1; i <= count; ++i) fn(i);
            } catch (const std::exception&) {
                // The client went away: nothing left to notify.
            }
            fn = nullptr;
        });
    }
    std::function<int32_t(int32_t)> makeMultiplier(int32_t factor) override
    {
        return [factor](int32_t value) { return static_cast<int32_t>(int64_t{value} * factor); };
    }
    std::string callCatching(std::shared_ptr<FooCallback> callback, int32_t value) override
    {
        if (!callback) throw std::invalid_argument("callCatching: no callback");
        try {
            callback->call(value);
        } catch (const std::exception& e) {
            return e.what();
        }
        return "";
    }
    void blockUntilReleased() override
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_blocked = true;
        m_blocked_cv.notify_all();
        m_blocked_cv.wait(lock, [&] { return m_released; });
        m_blocked = false;
        m_released = false;
    }
    void release() override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_released = true;
        m_blocked_cv.notify_all();
    }
    std::string serverThreadName() override { return g_thread_context.name("mptest-server"); }
    //! Waits until a blockUntilReleased() call is blocked (test thread).
    void waitUntilBlocked()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_blocked_cv.wait(lock, [&] { return m_blocked; });
    }

    ~FooImplementation() override
    {
        if (m_notifier.joinable()) m_notifier.join();
    }
    uint64_t workerThreadId() override { return CurrentThreadNumber(); }
    uint64_t loopThreadId() override { return CurrentThreadNumber(); }
    void callThenBlock(std::shared_ptr<FooCallback> started, int32_t value) override
    {
        // A peer may send a null capability for any shared_ptr parameter.
        if (!started) throw std::invalid_argument("callThenBlock: no callback");
        started->call(value);
        blockUntilReleased();
    }
    std::unique_ptr<FooObject> makeObjectWithHook(int32_t value, std::shared_ptr<FooCallback> on_destroy) override
    {
        return std::make_unique<HookedObject>(value, std::move(on_destroy));
    }
    std::vector<unsigned char> passBytesOnWorker(std::vector<unsigned char> value) override { return value; }
    std::vector<char> passCharsOnWorker(const std::vector<char>& value) override { return value; }
    void fillBytes(uint64_t size, uint8_t seed, std::vector<unsigned char>& bytes) override
    {
        bytes = PatternBytes(size, seed);
    }

    //! Observations for in-process tests. Written by the server, read by the
    //! test thread after the call that wrote them has returned. (Atomic or
    //! locked, so that thread sanitizers need not know the socket round trip
    //! orders the accesses.)
    std::atomic<int> narrow_calls{0};
    std::atomic<int> count_calls{0};
    std::atomic<std::thread::id> loop_call_thread;
    std::atomic<std::thread::id> worker_call_thread;
    Money lastFeeInput()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_last_fee_input;
    }

private:
    std::mutex m_mutex;
    std::shared_ptr<FooCallback> m_saved_callback;
    std::function<int32_t(int32_t)> m_saved_function;
    Money m_last_fee_input;
    std::thread m_notifier;
    std::condition_variable m_blocked_cv;
    bool m_blocked{false};
    bool m_released{false};
};

} // namespace test
} // namespace mp

#endif // MP_TEST_FOO_H
