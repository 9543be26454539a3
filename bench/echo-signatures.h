// The echo with the C++ signatures people write: rows and their ratios.

#ifndef MPBENCH_ECHO_SIGNATURES_H
#define MPBENCH_ECHO_SIGNATURES_H

#include "harness.h"

#include <cstddef>

namespace mpbench {

//! Payload sizes of the signature rows and of the worker-thread span echo:
//! a small one, and the two large sizes the targets are set for.
constexpr size_t kTargetEchoSizes[] = {1024, 1024 * 1024, 16 * 1024 * 1024};

//! Registers capnp/echo_text/<size> and the mp/echo_<type>/... rows (see
//! echo-signatures.cpp).
void RegisterSignatureEchoes(PlainCapnpClient& plain, Bench& bench, int server_pid);

} // namespace mpbench

#endif // MPBENCH_ECHO_SIGNATURES_H
