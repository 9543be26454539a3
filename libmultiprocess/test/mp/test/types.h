// The C++ class wrapped by types.capnp's TypesInterface, and its
// implementation: every method echoes its argument, or reports what the
// server received, so container_test.cpp can check conversions end to end.
// TypesImplementation records a few observations (the bytes a span pointed
// at) in public members for the in-process tests.

#ifndef MP_TEST_TYPES_H
#define MP_TEST_TYPES_H

#include <mp/test/foo.h>
#include <mp/test/types.capnp.h>
#include <mp/type-message.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace mp {
namespace test {

//! Mirrors capnp struct FixedName: Text fields held in fixed char arrays.
struct FixedName
{
    char name[8] = {};
    std::array<char, 4> code = {};
};

using Point = messages::Point;
using SystemTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

class Types
{
public:
    virtual ~Types() = default;

    virtual std::vector<int32_t> passInts(const std::vector<int32_t>& value) = 0;
    virtual std::vector<bool> passBools(std::vector<bool> value) = 0;
    virtual std::vector<std::vector<std::string>> passNestedStrings(const std::vector<std::vector<std::string>>& value) = 0;
    virtual std::vector<FooStruct> passStructs(const std::vector<FooStruct>& value) = 0;
    //! Sent in a List(Int32): elements beyond 32 bits do not fit.
    virtual std::vector<int64_t> passWideInts(const std::vector<int64_t>& value) = 0;
    //! A byte vector in a List(UInt8) field (not Data).
    virtual std::vector<unsigned char> passByteList(const std::vector<unsigned char>& value) = 0;
    virtual std::vector<std::unique_ptr<FooObject>> makeObjects(const std::vector<int32_t>& values) = 0;

    virtual std::set<std::string> passSet(const std::set<std::string>& value) = 0;
    virtual std::unordered_set<int64_t> passUnorderedSet(const std::unordered_set<int64_t>& value) = 0;

    virtual std::map<std::string, std::vector<int32_t>> passMapOfLists(
        const std::map<std::string, std::vector<int32_t>>& value) = 0;
    virtual std::map<std::string, FooStruct> passMapOfStructs(const std::map<std::string, FooStruct>& value) = 0;
    virtual std::unordered_map<int32_t, std::string> passUnorderedMap(
        const std::unordered_map<int32_t, std::string>& value) = 0;
    virtual std::map<std::string, std::vector<int64_t>> passMapOfWideInts(
        const std::map<std::string, std::vector<int64_t>>& value) = 0;

    virtual std::pair<int32_t, std::string> passPair(const std::pair<int32_t, std::string>& value) = 0;
    virtual std::tuple<int32_t, std::string, double> passTuple(const std::tuple<int32_t, std::string, double>& value) = 0;
    virtual std::pair<std::string, std::optional<int32_t>> passPairWithOptional(
        const std::pair<std::string, std::optional<int32_t>>& value) = 0;
    virtual std::pair<int32_t, std::string> passSwappedPair(const std::pair<int32_t, std::string>& value) = 0;

    virtual std::optional<int32_t> passOptionalInt(std::optional<int32_t> value) = 0;
    virtual std::optional<std::string> passOptionalString(const std::optional<std::string>& value) = 0;
    virtual std::optional<FooStruct> passOptionalStruct(const std::optional<FooStruct>& value) = 0;

    virtual std::shared_ptr<const FooStruct> passSharedStruct(std::shared_ptr<const FooStruct> value) = 0;
    virtual std::unique_ptr<int32_t> passUniqueInt(std::unique_ptr<int32_t> value) = 0;

    virtual std::chrono::milliseconds passMilliseconds(std::chrono::milliseconds value) = 0;
    //! Sent in an Int32 field: more than about 2.1 seconds does not fit.
    virtual std::chrono::nanoseconds passNanosecondsNarrow(std::chrono::nanoseconds value) = 0;
    virtual SystemTime passTimePoint(SystemTime value) = 0;

    //! strlen(text), or -1 if text is null.
    virtual int64_t textLength(const char* text) = 0;
    virtual FixedName passFixedName(const FixedName& value) = 0;

    //! Sum of the byte values.
    virtual uint64_t sumBytes(std::span<const std::byte> bytes) = 0;
    virtual std::string copyChars(std::span<const char> chars) = 0;
    virtual uint64_t countUnsignedChars(std::span<const unsigned char> bytes) = 0;

    //! "label (x, y)".
    virtual std::string describePoint(Point::Reader point) = 0;
    //! The point moved right by dx, as an owned message.
    virtual CapnpMessage<Point> movePoint(Point::Reader point, int32_t dx) = 0;
    //! The point with x and y negated, through an output parameter.
    virtual void mirrorPoint(Point::Reader point, CapnpMessage<Point>& mirrored) = 0;
    //! Throws std::logic_error(message): a std::exception subclass that the
    //! interface only knows as std::exception.
    virtual void failWith(const std::string& message) = 0;
};

class TypesImplementation : public Types
{
public:
    std::vector<int32_t> passInts(const std::vector<int32_t>& value) override { return value; }
    std::vector<bool> passBools(std::vector<bool> value) override { return value; }
    std::vector<std::vector<std::string>> passNestedStrings(const std::vector<std::vector<std::string>>& value) override
    {
        return value;
    }
    std::vector<FooStruct> passStructs(const std::vector<FooStruct>& value) override { return value; }
    std::vector<int64_t> passWideInts(const std::vector<int64_t>& value) override { return value; }
    std::vector<unsigned char> passByteList(const std::vector<unsigned char>& value) override { return value; }
    std::vector<std::unique_ptr<FooObject>> makeObjects(const std::vector<int32_t>& values) override
    {
        std::vector<std::unique_ptr<FooObject>> objects;
        for (int32_t value : values) objects.push_back(std::make_unique<FooObjectImpl>(value));
        return objects;
    }

    std::set<std::string> passSet(const std::set<std::string>& value) override { return value; }
    std::unordered_set<int64_t> passUnorderedSet(const std::unordered_set<int64_t>& value) override { return value; }

    std::map<std::string, std::vector<int32_t>> passMapOfLists(const std::map<std::string, std::vector<int32_t>>& value) override
    {
        return value;
    }
    std::map<std::string, FooStruct> passMapOfStructs(const std::map<std::string, FooStruct>& value) override
    {
        return value;
    }
    std::unordered_map<int32_t, std::string> passUnorderedMap(const std::unordered_map<int32_t, std::string>& value) override
    {
        return value;
    }
    std::map<std::string, std::vector<int64_t>> passMapOfWideInts(
        const std::map<std::string, std::vector<int64_t>>& value) override
    {
        return value;
    }

    std::pair<int32_t, std::string> passPair(const std::pair<int32_t, std::string>& value) override { return value; }
    std::tuple<int32_t, std::string, double> passTuple(const std::tuple<int32_t, std::string, double>& value) override
    {
        return value;
    }
    std::pair<std::string, std::optional<int32_t>> passPairWithOptional(
        const std::pair<std::string, std::optional<int32_t>>& value) override
    {
        return value;
    }
    std::pair<int32_t, std::string> passSwappedPair(const std::pair<int32_t, std::string>& value) override
    {
        return value;
    }

    std::optional<int32_t> passOptionalInt(std::optional<int32_t> value) override { return value; }
    std::optional<std::string> passOptionalString(const std::optional<std::string>& value) override { return value; }
    std::optional<FooStruct> passOptionalStruct(const std::optional<FooStruct>& value) override { return value; }

    std::shared_ptr<const FooStruct> passSharedStruct(std::shared_ptr<const FooStruct> value) override { return value; }
    std::unique_ptr<int32_t> passUniqueInt(std::unique_ptr<int32_t> value) override { return value; }

    std::chrono::milliseconds passMilliseconds(std::chrono::milliseconds value) override { return value; }
    std::chrono::nanoseconds passNanosecondsNarrow(std::chrono::nanoseconds value) override { return value; }
    SystemTime passTimePoint(SystemTime value) override { return value; }

    int64_t textLength(const char* text) override { return text ? static_cast<int64_t>(strlen(text)) : -1; }
    FixedName passFixedName(const FixedName& value) override { return value; }

    uint64_t sumBytes(std::span<const std::byte> bytes) override
    {
        received_bytes.assign(bytes.begin(), bytes.end());
        uint64_t sum = 0;
        for (std::byte b : bytes) sum += static_cast<uint64_t>(b);
        return sum;
    }
    std::string copyChars(std::span<const char> chars) override { return std::string(chars.begin(), chars.end()); }
    uint64_t countUnsignedChars(std::span<const unsigned char> bytes) override { return bytes.size(); }

    std::string describePoint(Point::Reader point) override
    {
        return std::string(point.getLabel().cStr()) + " (" + std::to_string(point.getX()) + ", " +
               std::to_string(point.getY()) + ")";
    }
    CapnpMessage<Point> movePoint(Point::Reader point, int32_t dx) override
    {
        CapnpMessage<Point> moved(point);
        moved.builder().setX(point.getX() + dx);
        return moved;
    }
    void mirrorPoint(Point::Reader point, CapnpMessage<Point>& mirrored) override
    {
        mirrored = CapnpMessage<Point>(point);
        mirrored.builder().setX(-point.getX());
        mirrored.builder().setY(-point.getY());
    }
    void failWith(const std::string& message) override { throw std::logic_error(message); }

    //! The bytes sumBytes last received, copied from the span it was given.
    std::vector<std::byte> received_bytes;
};

} // namespace test
} // namespace mp

#endif // MP_TEST_TYPES_H
