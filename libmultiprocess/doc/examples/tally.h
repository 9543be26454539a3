// The C++ classes that tally.capnp's interfaces and struct wrap. Nothing
// here knows about IPC: a caller holding a tally::Counter& cannot tell
// whether the counter lives in its own process or in another.

#ifndef TALLY_H
#define TALLY_H

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace tally {

//! Copied field by field to and from capnp struct Stats.
struct Stats
{
    std::string name;
    int64_t total = 0;
    int32_t additions = 0;
};

class Counter
{
public:
    virtual ~Counter() = default;
    //! Adds amount and returns the new total.
    virtual int64_t add(int32_t amount) = 0;
    virtual Stats stats() = 0;
    //! Calls visit with the running total after each addition, in order,
    //! and sets visited to the number of calls.
    virtual void replay(std::function<void(int64_t)> visit, int32_t& visited) = 0;
};

class Init
{
public:
    virtual ~Init() = default;
    virtual std::unique_ptr<Counter> makeCounter(const std::string& name) = 0;
};

} // namespace tally

#endif // TALLY_H
