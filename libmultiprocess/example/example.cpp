// mpexample: the driver. Starts two helper processes, mpprinter and
// mpcalculator, gives the calculator a printer that lives in the printer
// process, then feeds it equations read from stdin. Every answer is printed by
// the printer process, on the calculator's behalf:
//
//   mpexample --makePrinter--> mpprinter
//   mpexample --makeCalculator(printer)--> mpcalculator
//   mpexample --solveEquation--> mpcalculator --print--> mpexample --print--> mpprinter

#include "calculator.h"
#include "common.h"
#include "init.h"
#include "printer.h"

#include <init.capnp.h>
#include <init.capnp.proxy.h>
#include <mp/proxy-io.h>
#include <mp/util.h>

#include <exception>
#include <filesystem>
#include <future>
#include <iostream>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

//! A helper process started with mp::SpawnProcess and the client for the Init
//! object it serves. close() (or the destructor) closes the connection, which
//! makes the helper's event loop return, and then waits for the helper to exit.
class HelperProcess
{
public:
    HelperProcess(mp::EventLoop& loop, const fs::path& exe) : m_name(exe.filename().string())
    {
        const int fd = mp::SpawnProcess(m_pid, [&](int child_fd) -> std::vector<std::string> {
            return {exe.string(), std::to_string(child_fd)};
        });
        m_init = mp::ConnectStream<gen::InitInterface>(loop, fd);
    }

    HelperProcess(const HelperProcess&) = delete;
    HelperProcess& operator=(const HelperProcess&) = delete;

    ~HelperProcess()
    {
        if (m_pid) close();
    }

    Init& init() { return *m_init; }

    //! Disconnect and wait for the helper. Returns whether it exited with
    //! status 0; says why not on stderr otherwise.
    bool close()
    {
        m_init.reset();
        const int status = mp::WaitProcess(m_pid);
        const int pid = std::exchange(m_pid, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
        std::cerr << "mpexample: " << m_name << " (pid " << pid << ") ";
        if (WIFSIGNALED(status)) {
            std::cerr << "was killed by signal " << WTERMSIG(status) << "\n";
        } else {
            std::cerr << "exited with status " << WEXITSTATUS(status) << "\n";
        }
        return false;
    }

private:
    std::string m_name;
    int m_pid = 0;
    std::unique_ptr<mp::ProxyClient<gen::InitInterface>> m_init;
};

//! Directory holding this executable, where the helpers are built too.
fs::path ExecutableDir(const char* argv0)
{
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) self = fs::absolute(argv0, ec);
    return self.parent_path();
}

std::string Trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

//! Read equations from stdin and have `calc` solve them, until the user types
//! "exit" or stdin ends.
void ReadEquations(Calculator& calc)
{
    // When input comes from a pipe or file, echo it so the output reads like
    // a terminal session.
    const bool echo = !isatty(STDIN_FILENO);
    std::string line;
    while (true) {
        std::cout << "Enter the equation, or \"exit\" to quit: " << std::flush;
        if (!std::getline(std::cin, line)) {
            std::cout << std::endl;
            return;
        }
        if (echo) std::cout << line << std::endl;
        const std::string eqn = Trim(line);
        if (eqn == "exit") return;
        if (eqn.empty()) continue;
        calc.solveEquation(eqn);
    }
}

//! Start the helpers, connect them, and run the session. All IPC objects live
//! in this function, so that when it returns (or throws) nothing references
//! the event loop any more and the loop thread can end. Returns whether the
//! session ran without error and both helpers exited cleanly.
bool Run(mp::EventLoop& loop, const fs::path& printer_exe, const fs::path& calculator_exe)
{
    // Shut down in reverse order: the calculator object, then the calculator
    // process (which drops its printer proxy), then the printer process. If
    // starting up throws, the destructors do the same.
    HelperProcess printer_process(loop, printer_exe);
    HelperProcess calculator_process(loop, calculator_exe);
    // The printer object lives in mpprinter; mpcalculator gets a proxy to it
    // that goes through this process.
    std::unique_ptr<Calculator> calc = calculator_process.init().makeCalculator(printer_process.init().makePrinter());

    bool ok = true;
    try {
        ReadEquations(*calc);
    } catch (const std::exception& e) {
        // A helper died or the connection broke: say so, then shut down what
        // is left.
        std::cerr << "mpexample: " << e.what() << "\n";
        ok = false;
    }

    calc.reset();
    const bool calculator_ok = calculator_process.close();
    const bool printer_ok = printer_process.close();
    return ok && calculator_ok && printer_ok;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 1) {
        std::cerr << "Usage: " << argv[0] << "\n"
                  << "  Reads equations from stdin, one per line, until \"exit\" or end of input.\n";
        return 1;
    }
    const fs::path dir = ExecutableDir(argv[0]);
    const fs::path printer_exe = dir / "mpprinter";
    const fs::path calculator_exe = dir / "mpcalculator";
    for (const fs::path& exe : {printer_exe, calculator_exe}) {
        if (access(exe.c_str(), X_OK) != 0) {
            std::cerr << "mpexample: cannot run helper " << exe << ": it must be built next to mpexample\n";
            return 1;
        }
    }

    std::promise<mp::EventLoop*> promise;
    std::thread loop_thread([&] {
        mp::EventLoop loop("mpexample", LogPrint);
        promise.set_value(&loop);
        // Returns once Run() has dropped every client.
        loop.loop();
    });
    mp::EventLoop* loop = promise.get_future().get();

    int status = 0;
    try {
        if (!Run(*loop, printer_exe, calculator_exe)) status = 1;
    } catch (const std::exception& e) {
        std::cerr << "mpexample: " << e.what() << "\n";
        status = 1;
        // If Run() failed before it made any client, nothing has yet made the
        // loop notice it has no work left; running a no-op on it does. (post
        // throws if the loop has already finished, which is fine too.)
        try {
            loop->post([] {});
        } catch (const std::exception&) {
        }
    }
    loop_thread.join();
    std::cout << "Bye!" << std::endl;
    return status;
}
