// mpgen: generates libmultiprocess proxy code for a .capnp file.
//
//   mpgen SRC_PREFIX INCLUDE_PREFIX SRC_FILE [IMPORT_PATH...]
//
// Runs the Cap'n Proto C++ generator for SRC_FILE (X.capnp.h, X.capnp.c++),
// then writes X.capnp.proxy.h, .proxy-types.h, .proxy-types.c++,
// .proxy-client.c++ and .proxy-server.c++. Outputs go to the current
// directory at SRC_FILE's path relative to SRC_PREFIX; generated files
// include each other by their path relative to INCLUDE_PREFIX. If the
// environment variable MPGEN_DEPFILE is set, a Makefile-style dependency
// file listing every .capnp file read is written there, so the build
// regenerates when an imported file changes.

#include "generate.h"
#include "model.h"

#include <capnp/schema-parser.h>
#include <kj/exception.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kCxxNamespaceAnnotationId = 0xb9c6f99ebf805f2cull;

std::string ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("mpgen: cannot read " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

//! path relative to prefix, or "" if it is not inside prefix.
std::string RelativeTo(const fs::path& path, const fs::path& prefix)
{
    fs::path relative = path.lexically_normal().lexically_relative(prefix.lexically_normal());
    if (relative.empty() || *relative.begin() == "..") return "";
    return relative.generic_string();
}

//! Runs a command, returning its exit status.
int Run(const std::vector<std::string>& args)
{
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv.data());
        perror(argv[0]);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

//! The `import "..."` strings of a .capnp file.
std::vector<std::string> Imports(const std::string& text)
{
    std::vector<std::string> imports;
    std::regex pattern("import\\s+\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
        imports.push_back((*it)[1].str());
    }
    return imports;
}

//! Finds the file an import names: relative to the importing file, or (for
//! "/a/b.capnp") under one of the import paths.
std::string ResolveImport(const std::string& import, const fs::path& from_dir, const std::vector<std::string>& import_paths)
{
    if (!import.empty() && import[0] == '/') {
        for (const auto& dir : import_paths) {
            fs::path candidate = fs::path(dir) / import.substr(1);
            if (fs::exists(candidate)) return candidate.lexically_normal().string();
        }
        return "";
    }
    fs::path candidate = from_dir / import;
    return fs::exists(candidate) ? candidate.lexically_normal().string() : "";
}

//! Every file SRC_FILE imports, directly or not.
void CollectDependencies(const std::string& file, const std::vector<std::string>& import_paths, std::set<std::string>& seen)
{
    if (!seen.insert(file).second) return;
    for (const auto& import : Imports(ReadFile(file))) {
        std::string resolved = ResolveImport(import, fs::path(file).parent_path(), import_paths);
        if (!resolved.empty()) CollectDependencies(resolved, import_paths, seen);
    }
}

std::string EscapeForMake(const std::string& path)
{
    std::string out;
    for (char c : path) {
        if (c == ' ' || c == '#') out += '\\';
        if (c == '$') out += '$';
        out += c;
    }
    return out;
}

//! Where mpgen looks after the command line's import paths, so that
//! `mpgen SRC_PREFIX INCLUDE_PREFIX FILE` finds /mp/proxy.capnp and
//! /capnp/c++.capnp with no import path given: the include directory
//! beside this executable (an installed mpgen: PREFIX/bin/../include), the
//! source tree's (an mpgen run from its build tree), and Cap'n Proto's.
std::vector<std::string> DefaultImportPaths()
{
    std::vector<std::string> dirs;
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path installed = (exe.parent_path() / ".." / "include").lexically_normal();
        if (fs::exists(installed / "mp" / "proxy.capnp")) dirs.push_back(installed.string());
    }
    if (fs::exists(fs::path(MP_SOURCE_INCLUDE_DIR) / "mp" / "proxy.capnp")) dirs.push_back(MP_SOURCE_INCLUDE_DIR);
    dirs.push_back(MP_CAPNP_INCLUDE_DIR);
    return dirs;
}

mpgen::ProxySchema LoadProxySchema(capnp::SchemaParser& parser, const std::vector<std::string>& import_paths,
                                   kj::ArrayPtr<const kj::StringPtr> kj_imports)
{
    std::string proxy_path;
    for (const auto& dir : import_paths) {
        fs::path candidate = fs::path(dir) / "mp" / "proxy.capnp";
        if (fs::exists(candidate)) {
            proxy_path = candidate.string();
            break;
        }
    }
    if (proxy_path.empty()) throw std::runtime_error("mpgen: mp/proxy.capnp not found in the import paths");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    capnp::ParsedSchema proxy = parser.parseDiskFile("mp/proxy.capnp", proxy_path, kj_imports);
#pragma GCC diagnostic pop
    mpgen::ProxySchema ids;
    ids.include = proxy.getNested("include").getProto().getId();
    ids.include_types = proxy.getNested("includeTypes").getProto().getId();
    ids.wrap = proxy.getNested("wrap").getProto().getId();
    ids.count = proxy.getNested("count").getProto().getId();
    ids.exception = proxy.getNested("exception").getProto().getId();
    ids.name = proxy.getNested("name").getProto().getId();
    ids.skip = proxy.getNested("skip").getProto().getId();
    ids.context = proxy.getNested("Context").getProto().getId();
    ids.thread_map = proxy.getNested("ThreadMap").getProto().getId();
    ids.cxx_namespace = kCxxNamespaceAnnotationId;
    return ids;
}

int Generate(int argc, char** argv)
{
    if (argc < 4) {
        std::cerr << "Usage: mpgen SRC_PREFIX INCLUDE_PREFIX SRC_FILE [IMPORT_PATH...]\n";
        return 2;
    }
    const fs::path src_prefix = fs::absolute(argv[1]);
    const fs::path include_prefix = fs::absolute(argv[2]);
    const fs::path src_file = fs::absolute(argv[3]);
    std::vector<std::string> import_paths;
    for (int i = 4; i < argc; ++i) import_paths.push_back(fs::absolute(argv[i]).string());
    for (const auto& dir : DefaultImportPaths()) import_paths.push_back(dir);

    std::string output_rel = RelativeTo(src_file, src_prefix);
    if (output_rel.empty()) output_rel = src_file.filename().string();
    std::string include_rel = RelativeTo(src_file, include_prefix);
    if (include_rel.empty()) include_rel = output_rel;
    const fs::path output_base = fs::current_path() / output_rel;
    fs::create_directories(output_base.parent_path());

    // 1. Cap'n Proto's own C++ output: X.capnp.h and X.capnp.c++.
    std::vector<std::string> capnp_args{MP_CAPNP_EXECUTABLE, "compile", "--src-prefix=" + src_prefix.string()};
    for (const auto& dir : import_paths) capnp_args.push_back("-I" + dir);
    capnp_args.push_back(std::string("-o") + MP_CAPNPC_CXX_EXECUTABLE + ":" + fs::current_path().string());
    capnp_args.push_back(src_file.string());
    if (Run(capnp_args) != 0) {
        std::cerr << "mpgen: capnp compile failed for " << src_file.string() << "\n";
        return 1;
    }

    // 2. Parse the schema.
    capnp::SchemaParser parser;
    std::vector<kj::StringPtr> kj_import_storage;
    for (const auto& dir : import_paths) kj_import_storage.emplace_back(dir.c_str());
    kj::ArrayPtr<const kj::StringPtr> kj_imports(kj_import_storage.data(), kj_import_storage.size());
    mpgen::ProxySchema proxy = LoadProxySchema(parser, import_paths, kj_imports);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    capnp::ParsedSchema file = parser.parseDiskFile(output_rel, src_file.string(), kj_imports);
#pragma GCC diagnostic pop

    // 3. Imported files that have proxies of their own (they use mp/proxy.capnp).
    const std::string source_text = ReadFile(src_file.string());
    std::vector<std::string> imported_proxy_headers;
    for (const auto& import : Imports(source_text)) {
        if (import == "/mp/proxy.capnp" || import.rfind("/capnp/", 0) == 0) continue;
        std::string resolved = ResolveImport(import, src_file.parent_path(), import_paths);
        if (resolved.empty() || ReadFile(resolved).find("/mp/proxy.capnp") == std::string::npos) continue;
        std::string include = import[0] == '/' ? import.substr(1)
                                                : (fs::path(include_rel).parent_path() / import).lexically_normal().generic_string();
        imported_proxy_headers.push_back(include);
    }

    // 4. The model and the five proxy files.
    mpgen::FileModel model = mpgen::BuildModel(file, proxy, src_file.string(), source_text, imported_proxy_headers);
    mpgen::OutputPaths paths{output_base.string(), include_rel, src_file.string()};
    mpgen::WriteProxyFiles(model, paths);

    // 5. The dependency file.
    if (const char* depfile = getenv("MPGEN_DEPFILE")) {
        std::set<std::string> deps;
        CollectDependencies(src_file.string(), import_paths, deps);
        std::ofstream out(depfile);
        // The target is X.capnp.h, the first output of the build rule: the
        // Makefile generator attaches the rule (and so these dependencies)
        // to a custom command's first output.
        out << EscapeForMake(output_base.string() + ".h") << ":";
        for (const auto& dep : deps) out << " " << EscapeForMake(dep);
        out << "\n";
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return Generate(argc, argv);
    } catch (const mpgen::SchemaError& e) {
        std::cerr << e.what() << "\n";
    } catch (const kj::Exception& e) {
        std::cerr << e.getFile() << ":" << e.getLine() << ": error: " << e.getDescription().cStr() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "mpgen: " << e.what() << "\n";
    }
    return 1;
}
