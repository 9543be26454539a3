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

//! The four echo methods of one payload type: by value and by const&, on
//! the loop thread and on a worker thread.
template <typename Payload>
struct EchoMethods
{
    const char* type; //!< row name part, e.g. "uchar_vector"
    Payload (Bench::*by_value_loop)(Payload);
    Payload (Bench::*by_value_worker)(Payload);
    Payload (Bench::*const_ref_loop)(const Payload&);
    Payload (Bench::*const_ref_worker)(const Payload&);
};

//! Registers one row: calls method with the payload, passed as an lvalue
//! as a caller that keeps its data does (a by-value parameter then copies
//! it in the caller, as it would for any C++ call).
template <typename Payload, typename Method>
void RegisterRow(Bench& bench, int server_pid, const std::string& name, size_t size, Method method)
{
    benchmark::RegisterBenchmark(name.c_str(), [&bench, server_pid, size, method](benchmark::State& state) {
        Payload payload(size, 0x5a);
        MeasureCalls(state, server_pid, [&](int32_t) { return (bench.*method)(payload).size() == size; });
        SetEchoBytes(state, size);
    });
}

template <typename Payload>
void RegisterRows(Bench& bench, int server_pid, const EchoMethods<Payload>& methods)
{
    for (size_t size : kTargetEchoSizes) {
        const std::string row = std::string("mp/echo_") + methods.type;
        const std::string n = "/" + std::to_string(size);
        RegisterRow<Payload>(bench, server_pid, row + "/by_value/loop" + n, size, methods.by_value_loop);
        RegisterRow<Payload>(bench, server_pid, row + "/by_value/worker" + n, size, methods.by_value_worker);
        RegisterRow<Payload>(bench, server_pid, row + "/const_ref/loop" + n, size, methods.const_ref_loop);
        RegisterRow<Payload>(bench, server_pid, row + "/const_ref/worker" + n, size, methods.const_ref_worker);
    }
}

} // namespace

void RegisterSignatureEchoes(PlainCapnpClient& plain, Bench& bench, int server_pid)
{
    for (size_t size : kTargetEchoSizes) {
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
    RegisterRows<std::vector<unsigned char>>(bench, server_pid,
                                             {"uchar_vector", &Bench::echoBytes, &Bench::echoBytesOnWorker,
                                              &Bench::echoBytesRef, &Bench::echoBytesRefOnWorker});
    RegisterRows<std::vector<char>>(bench, server_pid, {"char_vector", &Bench::echoChars, &Bench::echoCharsOnWorker,
                                                        &Bench::echoCharsRef, &Bench::echoCharsRefOnWorker});
    RegisterRows<std::string>(bench, server_pid, {"string", &Bench::echoString, &Bench::echoStringOnWorker,
                                                  &Bench::echoStringRef, &Bench::echoStringRefOnWorker});
}

} // namespace mpbench
