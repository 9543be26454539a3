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

} // namespace mpsample

#endif // MPSAMPLE_DATADIR_H
