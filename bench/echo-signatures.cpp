// mpbench rows mp/echo_<type>/<passing>/<thread>/<size>: the echo with the
// signatures people write (std::vector<unsigned char>, std::vector<char>,
// std::string, by value and by const reference, returned by value), on the
// server's loop thread and on the worker thread mapped to the caller. Their
// plain Cap'n Proto twins are capnp/echo/<size> (Data) and
// capnp/echo_text/<size> (Text).

#include "echo-signatures.h"

#include "rows.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace mpbench {

namespace {

//! Registers one row. call(bench, payload) makes one call; the payload is
//! passed as an lvalue, as a caller that keeps its data does (a by-value
//! parameter then copies it in the caller, as it would for any C++ call).
template <typename Payload, typename Call>
void RegisterRow(Bench& bench, int server_pid, const std::string& name, size_t size, Call call)
{
    benchmark::RegisterBenchmark(name.c_str(), [&bench, server_pid, size, call](benchmark::State& state) {
        Payload payload(size, 0x5a);
        MeasureCalls(state, server_pid, [&](int32_t) { return call(bench, payload).size() == size; });
        SetEchoBytes(state, size);
    });
}

} // namespace

void RegisterSignatureEchoes(PlainCapnpClient& plain, Bench& bench, int server_pid)
{
    for (size_t size : kSignatureEchoSizes) {
        benchmark::RegisterBenchmark(("capnp/echo_text/" + std::to_string(size)).c_str(),
                                     [&plain, size](benchmark::State& state) {
                                         std::string text(size, 'Z');
                                         MeasureCalls(state, plain.serverPid(), [&](int32_t) {
                                             return plain.session().echoText(text).size() == size;
                                         });
                                         SetEchoBytes(state, size);
                                         plain.close();
                                     });
    }
    using Bytes = std::vector<unsigned char>;
    using Chars = std::vector<char>;
    for (size_t size : kSignatureEchoSizes) {
        const std::string n = "/" + std::to_string(size);
        RegisterRow<Bytes>(bench, server_pid, "mp/echo_uchar_vector/by_value/loop" + n, size,
                           [](Bench& b, const Bytes& p) { return b.echoBytes(p); });
        RegisterRow<Bytes>(bench, server_pid, "mp/echo_uchar_vector/by_value/worker" + n, size,
                           [](Bench& b, const Bytes& p) { return b.echoBytesOnWorker(p); });
        RegisterRow<Bytes>(bench, server_pid, "mp/echo_uchar_vector/const_ref/loop" + n, size,
                           [](Bench& b, const Bytes& p) { return b.echoBytesRef(p); });
        RegisterRow<Bytes>(bench, server_pid, "mp/echo_uchar_vector/const_ref/worker" + n, size,
                           [](Bench& b, const Bytes& p) { return b.echoBytesRefOnWorker(p); });
        RegisterRow<Chars>(bench, server_pid, "mp/echo_char_vector/by_value/loop" + n, size,
                           [](Bench& b, const Chars& p) { return b.echoChars(p); });
        RegisterRow<Chars>(bench, server_pid, "mp/echo_char_vector/by_value/worker" + n, size,
                           [](Bench& b, const Chars& p) { return b.echoCharsOnWorker(p); });
        RegisterRow<Chars>(bench, server_pid, "mp/echo_char_vector/const_ref/loop" + n, size,
                           [](Bench& b, const Chars& p) { return b.echoCharsRef(p); });
        RegisterRow<Chars>(bench, server_pid, "mp/echo_char_vector/const_ref/worker" + n, size,
                           [](Bench& b, const Chars& p) { return b.echoCharsRefOnWorker(p); });
        RegisterRow<std::string>(bench, server_pid, "mp/echo_string/by_value/loop" + n, size,
                                 [](Bench& b, const std::string& p) { return b.echoString(p); });
        RegisterRow<std::string>(bench, server_pid, "mp/echo_string/by_value/worker" + n, size,
                                 [](Bench& b, const std::string& p) { return b.echoStringOnWorker(p); });
        RegisterRow<std::string>(bench, server_pid, "mp/echo_string/const_ref/loop" + n, size,
                                 [](Bench& b, const std::string& p) { return b.echoStringRef(p); });
        RegisterRow<std::string>(bench, server_pid, "mp/echo_string/const_ref/worker" + n, size,
                                 [](Bench& b, const std::string& p) { return b.echoStringRefOnWorker(p); });
    }
}

} // namespace mpbench
