// mpgen's view of a .capnp file: the interfaces, methods and structs it
// generates code for, with every C++ mapping decision already made (which
// capnp field becomes which C++ parameter, which is the return value, which
// fields are companions or filled from context). The writers only print it.

#ifndef MPGEN_MODEL_H
#define MPGEN_MODEL_H

#include <capnp/schema-parser.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace mpgen {

//! An error in the .capnp file, reported as FILE:LINE: message.
class SchemaError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

//! A capnp field and how it maps to C++.
struct FieldModel
{
    std::string name;     //!< capnp field name, e.g. "eqn"
    std::string accessor; //!< generated accessor struct, e.g. "Eqn"
    int count{1};         //!< C++ values it stands for (0: none, filled from context)
    bool is_context{false};
    bool is_companion{false}; //!< a hasX/wantX field of another field
    bool has_want{false};     //!< a wantX companion exists in the params
    std::string exception_type; //!< $Proxy.exception type, if any (what the server catches)
    //! The type that carries a caught exception_type to the client and is
    //! rethrown there: exception_type itself, except std::exception, which
    //! holds no message of its own and travels as std::runtime_error.
    std::string exception_carrier;
    int line{0};
};

//! One C++ parameter position of a method and the capnp fields feeding it.
struct CppParam
{
    std::string name;      //!< name used in the generated declaration
    int index{0};          //!< position in the C++ method
    const FieldModel* in{nullptr};  //!< parameter field, if an input
    const FieldModel* out{nullptr}; //!< result field, if an output
};

struct MethodModel
{
    std::string name;          //!< capnp method name
    std::string cpp_name;      //!< C++ method name ($Proxy.name or name)
    std::string title;         //!< "Interface.method" for messages
    std::string signature;     //!< the capnp declaration, for comments
    std::string traits_alias;  //!< e.g. "SolveEquationMethod"
    std::string context_type;  //!< capnp's e.g. "SolveEquationContext"
    std::string request_fn;    //!< e.g. "solveEquationRequest"
    int ordinal{0};
    int line{0};
    bool has_context{false};
    bool is_construct{false};
    bool is_destroy{false};
    std::vector<FieldModel> params;
    std::vector<FieldModel> results;
    std::vector<CppParam> cpp_params; //!< in C++ order
    const FieldModel* result{nullptr};  //!< the `result` field, if any
    int cpp_param_count{0};
};

struct InterfaceModel
{
    std::string name;     //!< capnp name, e.g. "CalculatorInterface"
    std::string cpp_type; //!< capnp C++ type, e.g. "gen::CalculatorInterface"
    std::string wrapped;  //!< $Proxy.wrap class, or "" if none
    int line{0};
    std::vector<MethodModel> methods; //!< own and inherited
    bool has_construct{false};
    bool has_destroy{false};
};

struct StructFieldModel
{
    FieldModel field;
    std::string member; //!< C++ member name
};

struct StructModel
{
    std::string name;
    std::string cpp_type; //!< capnp C++ type
    std::string wrapped;  //!< C++ struct
    int line{0};
    std::vector<StructFieldModel> fields;
};

//! Any struct of the file, wrapped or not, as a list of fields in code
//! order: mpgen writes a ProxyStruct<S> for it so that the pair, tuple and
//! map conversions can reach "field number I" of S.
struct StructFieldsModel
{
    std::string name;
    std::string cpp_type;            //!< capnp C++ type, without generic arguments
    std::vector<std::string> params; //!< generic parameter names, e.g. {"K", "V"}
    std::vector<std::string> accessors; //!< fields in code order, less union members and companions
    std::string unsupported;         //!< why no ProxyStruct can be written, or ""
    int line{0};
};

struct FileModel
{
    std::string source_path;      //!< the .capnp file as given
    std::string cpp_namespace;    //!< $Cxx.namespace, "::"-separated, may be empty
    std::vector<std::string> includes;       //!< $Proxy.include
    std::vector<std::string> include_types;  //!< $Proxy.includeTypes
    std::vector<std::string> imported_proxy_headers; //!< base paths of imported files with proxies
    std::vector<InterfaceModel> interfaces;
    std::vector<StructModel> structs; //!< $Proxy.wrap structs
    std::vector<StructFieldsModel> struct_fields; //!< every struct
    std::vector<std::string> accessors; //!< every field name needing an accessor, sorted
};

//! IDs of the annotations and types of mp/proxy.capnp.
struct ProxySchema
{
    uint64_t include{0}, include_types{0}, wrap{0}, count{0}, exception{0}, name{0}, skip{0};
    uint64_t context{0}, thread_map{0};
    uint64_t cxx_namespace{0};
};

//! Builds the model of a parsed file. Throws SchemaError for mistakes.
FileModel BuildModel(const capnp::ParsedSchema& file, const ProxySchema& proxy, const std::string& source_path,
                     const std::string& source_text, const std::vector<std::string>& imported_proxy_headers);

} // namespace mpgen

#endif // MPGEN_MODEL_H
