// mpbench --scale: many connections to one server, many client threads each
// mapped to a server thread; reports resident memory (RSS) per connection
// and per mapped thread, on both sides.

#include "harness.h"

#include <bench.capnp.h>
#include <bench.capnp.proxy.h>

#include <mp/proxy-io.h>
#include <mp/util.h>

#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <future>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace mpbench {

namespace {

void Log(bool raise, std::string message)
{
    if (raise) throw std::runtime_error(message);
}

//! Resident set size of a process in KiB (VmRSS in /proc/PID/status).
long RssKiB(int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

//! Threads of a process (Threads: in /proc/PID/status).
long ThreadCount(int pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Threads:", 0) == 0) return std::stol(line.substr(8));
    }
    return -1;
}

//! A server process listening on a Unix socket path.
struct ListeningServer
{
    std::string path;
    int pid{-1};

    ListeningServer()
    {
        path = "/tmp/mpbench-scale-" + std::to_string(getpid()) + ".sock";
        unlink(path.c_str());
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || listen(fd, 1024) != 0) {
            throw std::system_error(errno, std::generic_category(), "bind/listen " + path);
        }
        const std::string exe = SelfExe();
        const std::string fd_arg = std::to_string(fd);
        pid = fork();
        if (pid == 0) {
            execl(exe.c_str(), exe.c_str(), "--serve-mp-listen", fd_arg.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fd);
    }

    ~ListeningServer()
    {
        kill(pid, SIGTERM);
        int status;
        waitpid(pid, &status, 0);
        unlink(path.c_str());
    }

    int connect() const
    {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
            throw std::system_error(errno, std::generic_category(), "connect " + path);
        }
        return fd;
    }
};

//! Waits until the server's RSS stops changing (it frees lazily).
long SettledRss(int pid)
{
    long rss = RssKiB(pid);
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        long next = RssKiB(pid);
        if (next == rss) break;
        rss = next;
    }
    return rss;
}

struct ClientLoop
{
    std::thread thread;
    mp::EventLoop* loop{nullptr};
    std::unique_ptr<mp::ProxyClient<messages::BenchInit>> keep_alive;

    ClientLoop()
    {
        std::promise<mp::EventLoop*> started;
        thread = std::thread([&started] {
            mp::EventLoop event_loop("mpbench-scale", Log);
            started.set_value(&event_loop);
            event_loop.loop();
        });
        loop = started.get_future().get();
    }
};

void ConnectionsTest(int count)
{
    ListeningServer server;
    ClientLoop client;
    // One connection first: the server's own baseline (loop, first thread).
    std::vector<std::unique_ptr<mp::ProxyClient<messages::BenchInit>>> clients;
    clients.push_back(mp::ConnectStream<messages::BenchInit>(*client.loop, server.connect()));
    clients.back()->add(1, 2);
    const long server_before = SettledRss(server.pid);
    const long client_before = RssKiB(getpid());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 1; i < count; ++i) {
        clients.push_back(mp::ConnectStream<messages::BenchInit>(*client.loop, server.connect()));
        if (clients.back()->add(i, 1) != i + 1) throw std::runtime_error("wrong sum");
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Every connection still answers.
    for (int i = 0; i < count; ++i) {
        if (clients[i]->add(i, 2) != i + 2) throw std::runtime_error("wrong sum");
    }
    const long server_after = SettledRss(server.pid);
    const long client_after = RssKiB(getpid());
    std::printf("connections: %d concurrent connections to one server, all answering\n", count);
    std::printf("  connect + first call: %.1f us per connection\n", seconds * 1e6 / (count - 1));
    std::printf("  server RSS: %ld KiB -> %ld KiB, %.1f KiB per connection\n", server_before, server_after,
                double(server_after - server_before) / (count - 1));
    std::printf("  client RSS: %ld KiB -> %ld KiB, %.1f KiB per connection\n", client_before, client_after,
                double(client_after - client_before) / (count - 1));
    clients.clear();
    client.thread.join();
}

void ThreadsTest(int count)
{
    ListeningServer server;
    ClientLoop client;
    auto bench = mp::ConnectStream<messages::BenchInit>(*client.loop, server.connect());
    bench->addOnWorker(1, 2); // the server's first mapped thread
    const long server_before = SettledRss(server.pid);
    const long client_before = RssKiB(getpid());
    const long server_threads_before = ThreadCount(server.pid);
    std::barrier mapped(count + 1);
    std::barrier done(count + 1);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < count; ++i) {
        threads.emplace_back([&, i] {
            if (bench->addOnWorker(i, 1) != i + 1) ++failures;
            mapped.arrive_and_wait();
            // All threads at once, each on its own server thread.
            for (int j = 0; j < 10; ++j) {
                if (bench->addOnWorker(i, j) != i + j) ++failures;
            }
            done.arrive_and_wait();
        });
    }
    mapped.arrive_and_wait();
    const long server_mapped = SettledRss(server.pid);
    const long client_mapped = RssKiB(getpid());
    const long server_threads = ThreadCount(server.pid);
    done.arrive_and_wait();
    for (auto& thread : threads) thread.join();
    std::printf("threads: %d client threads, each mapped to its own server thread (%ld -> %ld server threads)%s\n",
                count, server_threads_before, server_threads, failures ? ", FAILURES" : "");
    std::printf("  server RSS: %ld KiB -> %ld KiB, %.1f KiB per mapped thread\n", server_before, server_mapped,
                double(server_mapped - server_before) / count);
    std::printf("  client RSS: %ld KiB -> %ld KiB, %.1f KiB per thread (its own stack included)\n", client_before,
                client_mapped, double(client_mapped - client_before) / count);
    bench.reset();
    client.thread.join();
}

} // namespace

int ServeMpListen(int fd)
{
    BenchImpl impl;
    mp::EventLoop loop("mpbench-scale-server", Log);
    mp::ListenConnections<messages::BenchInit>(loop, fd, impl);
    loop.loop();
    return 0;
}

int RunScale(int connections, int threads)
{
    ConnectionsTest(connections);
    ThreadsTest(threads);
    return 0;
}

} // namespace mpbench
