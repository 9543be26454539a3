// The three ways of making the same round trips that mpbench compares, each a
// client in this process talking to a server in a child process over a Unix
// socket (capnp and mp also over TCP and TCP+TLS, see transport.h):
//
//   floor   raw bytes over a socketpair, blocking read()/write(): the cost of
//           the kernel alone.
//   capnp   plain Cap'n Proto RPC (TwoPartyClient/Server, one thread per
//           side) with bench.capnp, no libmultiprocess.
//   mp      libmultiprocess: the same schema through generated proxies.
//
// The child side of each is started by re-executing this program with
// --serve-floor/--serve-capnp/--serve-mp FD [TRANSPORT...] (see main.cpp).

#ifndef MPBENCH_HARNESS_H
#define MPBENCH_HARNESS_H

#include "bench.h"
#include "transport.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace mpbench {

//! Path of the running executable (to spawn it as a server).
std::string SelfExe();

//! A child process on the other end of `connections` socketpairs: fork +
//! exec of SelfExe() with {mode, "FD[,FD...]", arguments...}. Destroying it
//! closes the sockets still held (the child exits when it sees end of file
//! on all) and waits for the child.
class ChildProcess
{
public:
    explicit ChildProcess(const char* mode, int connections = 1, const std::vector<std::string>& arguments = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    //! The parent's end of socket i; release() hands it over.
    int fd(size_t i = 0) const { return m_fds.at(i); }
    int release(size_t i = 0);
    int pid() const { return m_pid; }

private:
    int m_pid{-1};
    std::vector<int> m_fds;
};

//! The descriptors a child was given ("3" or "3,4,5").
std::vector<int> ParseFds(const std::string& list);

// --- floor ------------------------------------------------------------------

//! Serves on fd: reads an 8-byte length N and N bytes, writes the N bytes
//! back; until end of file.
int ServeFloor(int fd);

class FloorClient
{
public:
    FloorClient();
    //! Sends size bytes and reads them back.
    void echo(size_t size);

private:
    ChildProcess m_child;
    std::vector<unsigned char> m_out, m_in;
};

// --- plain Cap'n Proto --------------------------------------------------------

//! Serves bench.capnp with plain Cap'n Proto on every descriptor, all on
//! this one thread (as a plain Cap'n Proto server is written), until each
//! connection has ended. Over TCP (one descriptor): on a port it sends over
//! that descriptor, with TLS secured with the certificates in cert_dir.
int ServePlainCapnp(const std::vector<int>& fds, Transport transport, const std::string& cert_dir);

//! One plain Cap'n Proto connection: a kj event loop on the thread that
//! creates it, and a two-party RPC client over fd (owned) or, over TCP, to
//! the port the server sends over fd (not owned). Use it from that thread
//! only, and destroy it there.
class PlainSession
{
public:
    explicit PlainSession(int fd, Transport transport = Transport::UnixPair);
    ~PlainSession();
    int32_t add(int32_t a, int32_t b);
    //! Sends data and copies the echoed bytes into a vector (the bytes the
    //! caller gets to keep, as a libmultiprocess caller does).
    std::vector<unsigned char> echo(std::span<const unsigned char> data);
    //! The same through a Text field (echoString), into a std::string.
    std::string echoText(const std::string& text);
    //! One call during which the server calls a callback back once.
    int32_t callBack(int32_t value);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

//! A plain Cap'n Proto client: a PlainSession with a spawned server over
//! transport, made on first use.
//!
//! close() ends the session (the server exits): kj allows one event loop
//! per thread, and a libmultiprocess call made from a thread that has one
//! cannot run the library's loop itself, so the plain benchmarks close it
//! before the library's run on the same thread.
class PlainCapnpClient
{
public:
    explicit PlainCapnpClient(Transport transport = Transport::UnixPair);
    ~PlainCapnpClient();
    void close();
    PlainSession& session();
    //! The server's process id (starts it if needed).
    int serverPid();

private:
    struct State;
    State& state();
    Transport m_transport;
    std::unique_ptr<State> m_state;
};

// --- libmultiprocess ----------------------------------------------------------

//! Serves on fd, or (TCP) with ListenAddress on a port it sends over fd
//! until fd closes.
int ServeMp(int fd, Transport transport, const std::string& cert_dir);

//! A libmultiprocess client: an EventLoop on its own thread and the
//! connection to a spawned server over transport (ConnectStream, or
//! ConnectAddress for TCP). bench() may be used from any thread except the
//! loop's.
class MpClient
{
public:
    explicit MpClient(Transport transport = Transport::UnixPair);
    ~MpClient();
    Bench& bench();
    int serverPid() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

//! mpbench --scale: a server with `connections` concurrent connections, and
//! a client with `threads` threads each mapped to a server thread; prints
//! RSS per connection and per mapped thread (scale.cpp).
int RunScale(int connections, int threads);
//! The server of --scale: ListenConnections on the listening socket fd.
int ServeMpListen(int fd);

//! The callback the client lends to the server: returns value + 1.
class CallbackImpl final : public Callback
{
public:
    int32_t call(int32_t value) override { return value + 1; }
};

} // namespace mpbench

#endif // MPBENCH_HARNESS_H
