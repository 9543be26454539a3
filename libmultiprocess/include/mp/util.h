// Small utilities shared by the runtime, the generated code and users:
// compile-time type lists, overload priorities, process spawning and thread
// names. Nothing here knows about Cap'n Proto.

#ifndef MP_UTIL_H
#define MP_UTIL_H

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace mp {

//! A list of types, passed as a tag argument to select overloads. The
//! CustomBuildField/CustomReadField customisation points receive the C++
//! type being converted as TypeList<LocalType>.
template <typename... Types>
struct TypeList
{
    static constexpr size_t size = sizeof...(Types);
};

//! Overload priority tag. A function taking Priority<2> is preferred over one
//! taking Priority<1> when both match, because Priority<2> converts to
//! Priority<1> only through a derived-to-base conversion.
template <int priority>
struct Priority : Priority<priority - 1>
{
};

template <>
struct Priority<0>
{
};

//! The C++ type with references and cv-qualifiers removed.
template <typename T>
using Decay = std::remove_cvref_t<T>;

//! Builds the command line for a child process from the file descriptor of
//! its end of the socket pair.
using FdToArgsFn = std::function<std::vector<std::string>(int fd)>;

//! Creates a connected socket pair, forks, and in the child execs the
//! command line that fd_to_args builds from the child's end. Returns the
//! parent's end and stores the child's process ID in pid. Throws
//! std::system_error if the socket pair or fork fails. If exec fails the
//! child prints the reason and exits with status 127.
int SpawnProcess(int& pid, FdToArgsFn&& fd_to_args);

//! Waits for the process to exit and returns its exit status as waitpid()
//! reports it (use WIFEXITED/WEXITSTATUS to decode it).
int WaitProcess(int pid);

//! A readable name for the current thread for log messages, such as
//! "mpnode-1234/worker-3-5678": executable name, process ID, the thread's
//! own name (if it has one) and its thread ID.
std::string ThreadName(const char* exe_name);

//! Sets the current thread's name as shown by the OS (truncated to what the
//! OS allows, 15 characters on Linux).
void SetOsThreadName(const std::string& name);

//! A shared_ptr that refers to object without owning it: it has no control
//! block (use_count() is 0), so no copy of it ever deletes the object. For
//! APIs that take a shared_ptr (ProxyServer's wrapped object) when the
//! caller owns the object and keeps it alive, e.g. the init object served
//! by ServeStream.
template <typename T>
std::shared_ptr<T> NotOwned(T& object)
{
    return std::shared_ptr<T>(std::shared_ptr<void>(), &object);
}

//! Runs a function when it goes out of scope.
template <typename Fn>
class ScopeExit
{
public:
    explicit ScopeExit(Fn fn) : m_fn(std::move(fn)) {}
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
    ~ScopeExit() { m_fn(); }

private:
    Fn m_fn;
};

} // namespace mp

#endif // MP_UTIL_H
