// tally: the worked example of doc/usage.md.
//
//   tally            spawns `tally serve FD`, uses a counter that lives in
//                    the child, and checks what it sees (exit status 0 if
//                    everything matched)
//   tally serve FD   serves tally::Init on the connected socket FD

#include "tally.h"

#include <tally.capnp.proxy.h> // ProxyClient<tally::messages::TallyInit>, ...

#include <mp/proxy-io.h> // EventLoop, ConnectStream, ServeStream
#include <mp/util.h>     // SpawnProcess, WaitProcess

#include <cstdlib>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

// ---- The serving process ---------------------------------------------------

class CounterImpl : public tally::Counter
{
public:
    explicit CounterImpl(std::string name) : m_name(std::move(name)) {}
    int64_t add(int32_t amount) override
    {
        m_totals.push_back((m_totals.empty() ? 0 : m_totals.back()) + amount);
        return m_totals.back();
    }
    tally::Stats stats() override
    {
        return {m_name, m_totals.empty() ? 0 : m_totals.back(), static_cast<int32_t>(m_totals.size())};
    }
    void replay(std::function<void(int64_t)> visit, int32_t& visited) override
    {
        visited = 0;
        for (int64_t total : m_totals) {
            visit(total); // a call back into the client process
            ++visited;
        }
    }

private:
    std::string m_name;
    std::vector<int64_t> m_totals;
};

class InitImpl : public tally::Init
{
public:
    std::unique_ptr<tally::Counter> makeCounter(const std::string& name) override
    {
        return std::make_unique<CounterImpl>(name);
    }
};

//! The EventLoop's log function: library messages go to stderr. raise=true
//! marks a fatal error, which this function throws.
void Log(bool raise, std::string message)
{
    std::cerr << "log: " << message << std::endl;
    if (raise) throw std::runtime_error(message);
}

int Serve(int fd)
{
    mp::EventLoop loop("tally-server", Log);
    InitImpl init;
    mp::ServeStream<tally::messages::TallyInit>(loop, fd, init);
    loop.loop(); // returns once the client has disconnected
    return 0;
}

// ---- The client process ----------------------------------------------------

int Check(bool ok, const std::string& what)
{
    std::cout << (ok ? "ok   " : "FAIL ") << what << std::endl;
    return ok ? 0 : 1;
}

//! Uses a counter served by the child; returns the number of failed checks.
int UseCounter(tally::Init& init)
{
    int failures = 0;
    std::unique_ptr<tally::Counter> apples = init.makeCounter("apples");
    apples->add(3);
    failures += Check(apples->add(4) == 7, "add returns the new total");

    tally::Stats stats = apples->stats();
    failures += Check(stats.name == "apples" && stats.total == 7 && stats.additions == 2,
                      "stats: " + stats.name + " total " + std::to_string(stats.total) + " after " +
                          std::to_string(stats.additions) + " additions");

    const std::thread::id caller = std::this_thread::get_id();
    std::vector<int64_t> seen;
    bool on_caller_thread = true;
    int32_t visited = 0;
    apples->replay(
        [&](int64_t total) {
            seen.push_back(total);
            on_caller_thread = on_caller_thread && std::this_thread::get_id() == caller;
        },
        visited);
    failures += Check(seen == std::vector<int64_t>{3, 7} && visited == 2, "replay visited 3, 7");
    failures += Check(on_caller_thread, "callbacks ran on the calling thread");
    return failures;
    // apples is destroyed here: its `destroy` method destroys the CounterImpl
    // in the child before this returns.
}

int Run(const char* argv0)
{
    // Start `tally serve FD` with the other end of a socket pair.
    int pid = 0;
    const int fd = mp::SpawnProcess(pid, [&](int child_fd) {
        return std::vector<std::string>{argv0, "serve", std::to_string(child_fd)};
    });

    // The event loop runs on a thread of its own; the main thread makes calls.
    std::promise<mp::EventLoop*> loop_ready;
    std::thread loop_thread([&] {
        mp::EventLoop loop("tally", Log);
        loop_ready.set_value(&loop);
        loop.loop(); // returns once `init` below is destroyed
    });
    mp::EventLoop& loop = *loop_ready.get_future().get();

    int failures = 0;
    {
        std::unique_ptr<tally::Init> init = mp::ConnectStream<tally::messages::TallyInit>(loop, fd);
        failures += UseCounter(*init);
    } // destroying init closes the connection; the child's loop() returns
    loop_thread.join();

    const int status = mp::WaitProcess(pid);
    failures += Check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "server exited with status 0");
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 3 && std::string(argv[1]) == "serve") return Serve(std::stoi(argv[2]));
    if (argc == 1) return Run(argv[0]);
    std::cerr << "Usage: " << argv[0] << " [serve FD]\n";
    return EXIT_FAILURE;
}
