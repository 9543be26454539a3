// Writing the five proxy files from the model.

#ifndef MPGEN_GENERATE_H
#define MPGEN_GENERATE_H

#include "model.h"

#include <string>

namespace mpgen {

//! Where the generated files go and how they include each other.
struct OutputPaths
{
    std::string output_base;  //!< path of the outputs without suffix, e.g. "/build/calc/calculator.capnp"
    std::string include_base; //!< the same as included, e.g. "calc/calculator.capnp"
    std::string source_path;  //!< absolute path of the .capnp file (for #line)
};

//! Writes X.capnp.proxy.h, .proxy-types.h, .proxy-types.c++,
//! .proxy-client.c++ and .proxy-server.c++. Files whose content did not
//! change are left untouched so the build does not recompile them.
void WriteProxyFiles(const FileModel& model, const OutputPaths& paths);

} // namespace mpgen

#endif // MPGEN_GENERATE_H
