// C++ classes for the diagnostics tests of the container and value
// conversions (mp/type-*.h): each misuses one conversion.
#ifndef DIAG_CONTAINERS_H
#define DIAG_CONTAINERS_H

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

//! A type with no conversion at all.
struct Unconvertible
{
};

class Limiter
{
public:
    virtual ~Limiter() = default;
    //! An optional number in an Int32 field with no hasLimit companion.
    virtual void setLimit(std::optional<int> limit) = 0;
};

class ByteSource
{
public:
    virtual ~ByteSource() = default;
    //! A span result would point into a reply that is already freed.
    virtual std::span<const std::byte> bytes() = 0;
};

class Bag
{
public:
    virtual ~Bag() = default;
    virtual void add(std::vector<Unconvertible> items) = 0;
};

#endif
