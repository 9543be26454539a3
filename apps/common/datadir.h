// Data directories of the sample programs.

#ifndef MPSAMPLE_DATADIR_H
#define MPSAMPLE_DATADIR_H

#include <string>

namespace mpsample {

//! $HOME/.mpsample/SUBDIR ("node", "wallet-NAME").
std::string DefaultDatadir(const std::string& subdir);

//! Creates dir (and parents) with mode 0700 if missing, and checks that
//! it is a writable directory. Throws std::runtime_error saying what is
//! wrong ("... is read-only", "... is not a directory").
void PrepareDatadir(const std::string& dir);

//! An exclusive claim on a data directory, held for as long as this object
//! lives. Two processes on one datadir would each keep their own view of
//! the same SQLite files and overwrite each other's work (two nodes storing
//! different blocks at one height, two wallets handing out keys), so the
//! second is refused before it opens anything. The claim is an flock() on
//! DIR/.lock, which the kernel drops when the process ends however it ends:
//! a crash leaves no stale lock behind.
class DatadirLock
{
public:
    //! Throws std::runtime_error, naming the program and pid that hold it,
    //! if another process holds dir. `program` is written into the lock
    //! file for that message ("mpnode", "mpwallet 'alice'").
    DatadirLock(const std::string& dir, const std::string& program);
    ~DatadirLock();
    DatadirLock(const DatadirLock&) = delete;
    DatadirLock& operator=(const DatadirLock&) = delete;

private:
    int m_fd;
};

} // namespace mpsample

#endif // MPSAMPLE_DATADIR_H
