// schema-compat-check: checks that the .capnp files of one version of the
// sample's interfaces can talk to programs built against an older version,
// by the rules of interfaces/README.md ("Changing an interface without
// breaking old programs"):
//
//   - every interface, struct and enum of the old version is still there,
//     under the same name and type ID (rule 5);
//   - every method keeps its ordinal and name, and its parameter and result
//     structs follow the struct rules (rules 1, 2);
//   - every struct field keeps its ordinal, name and type (rules 1, 2);
//     every enumerant its ordinal and name;
//   - anything new is appended (new ordinals): allowed.
//
//   schema-compat-check OLD_DIR NEW_DIR IMPORT_DIR...
//
// Compares each OLD_DIR/*.capnp with NEW_DIR/ of the same name. Prints one
// line per break and exits 1 if there is any, else prints a summary and
// exits 0. The old client test (old-client-test.sh) shows that today's
// programs still serve an old one; this check catches the breaks that test
// does not happen to exercise, and tells which rule a change broke.

#include <capnp/schema-parser.h>
#include <capnp/schema.h>
#include <kj/exception.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

//! The breaks found, one message each.
class Report
{
public:
    void broken(const std::string& where, const std::string& what) { m_breaks.push_back(where + ": " + what); }
    void checked() { ++m_checked; }
    bool ok() const { return m_breaks.empty(); }
    void print() const
    {
        for (const auto& line : m_breaks) std::cout << "BREAKS OLD PROGRAMS: " << line << "\n";
        if (ok()) std::cout << "compatible: " << m_checked << " old definitions all kept\n";
    }

private:
    std::vector<std::string> m_breaks;
    int m_checked{0};
};

//! A readable name of a type, equal for two versions exactly when values
//! of it are the same on the wire: structs, interfaces and enums by ID.
std::string TypeName(capnp::Type type)
{
    using W = capnp::schema::Type::Which;
    switch (type.which()) {
    case W::VOID: return "Void";
    case W::BOOL: return "Bool";
    case W::INT8: return "Int8";
    case W::INT16: return "Int16";
    case W::INT32: return "Int32";
    case W::INT64: return "Int64";
    case W::UINT8: return "UInt8";
    case W::UINT16: return "UInt16";
    case W::UINT32: return "UInt32";
    case W::UINT64: return "UInt64";
    case W::FLOAT32: return "Float32";
    case W::FLOAT64: return "Float64";
    case W::TEXT: return "Text";
    case W::DATA: return "Data";
    case W::LIST: return "List(" + TypeName(type.asList().getElementType()) + ")";
    case W::ENUM: return std::string("enum ") + type.asEnum().getShortDisplayName().cStr();
    case W::STRUCT: return std::string("struct ") + type.asStruct().getShortDisplayName().cStr() + " @" +
                           std::to_string(type.asStruct().getProto().getId());
    case W::INTERFACE: return std::string("interface ") + type.asInterface().getShortDisplayName().cStr() + " @" +
                              std::to_string(type.asInterface().getProto().getId());
    case W::ANY_POINTER: return "AnyPointer";
    }
    return "unknown type";
}

std::string FieldName(const capnp::StructSchema::Field& field) { return field.getProto().getName().cStr(); }

//! Fields by ordinal (groups and union members have none: keyed by name).
std::map<std::string, capnp::StructSchema::Field> FieldsByKey(capnp::StructSchema schema)
{
    std::map<std::string, capnp::StructSchema::Field> fields;
    for (auto field : schema.getFields()) {
        auto ordinal = field.getProto().getOrdinal();
        std::string key = ordinal.isExplicit() ? "@" + std::to_string(ordinal.getExplicit()) : FieldName(field);
        fields.emplace(key, field);
    }
    return fields;
}

void CompareStruct(capnp::StructSchema old_schema, capnp::StructSchema new_schema, const std::string& where,
                   Report& report)
{
    auto new_fields = FieldsByKey(new_schema);
    for (auto& [key, old_field] : FieldsByKey(old_schema)) {
        report.checked();
        const std::string field_where = where + " field " + FieldName(old_field) + " " + key;
        auto found = new_fields.find(key);
        if (found == new_fields.end()) {
            report.broken(field_where, "removed (rule 2: never remove; deprecate it instead)");
            continue;
        }
        const auto& new_field = found->second;
        if (FieldName(new_field) != FieldName(old_field)) {
            report.broken(field_where, "is now named " + FieldName(new_field) +
                                           " (rule 1: never renumber; give a new field the next free number)");
        }
        const bool old_group = old_field.getProto().isGroup();
        if (old_group != new_field.getProto().isGroup()) {
            report.broken(field_where, "changed between a group and a plain field (rule 1)");
        } else if (old_group) {
            CompareStruct(old_field.getType().asStruct(), new_field.getType().asStruct(), field_where, report);
        } else if (TypeName(old_field.getType()) != TypeName(new_field.getType())) {
            report.broken(field_where, "changed type from " + TypeName(old_field.getType()) + " to " +
                                           TypeName(new_field.getType()) + " (rule 1: never change a type)");
        }
    }
}

void CompareInterface(capnp::InterfaceSchema old_schema, capnp::InterfaceSchema new_schema, const std::string& where,
                      Report& report)
{
    auto new_methods = new_schema.getMethods();
    auto old_methods = old_schema.getMethods();
    for (uint i = 0; i < old_methods.size(); ++i) {
        report.checked();
        const auto old_method = old_methods[i];
        const std::string name = old_method.getProto().getName().cStr();
        const std::string method_where = where + " method " + name + " @" + std::to_string(i);
        if (i >= new_methods.size()) {
            report.broken(method_where, "removed (rule 2: never remove; deprecate it instead)");
            continue;
        }
        const auto new_method = new_methods[i];
        const std::string new_name = new_method.getProto().getName().cStr();
        if (new_name != name) {
            report.broken(method_where, "is now " + new_name +
                                            " (rule 1: never renumber; give a new method the next free number)");
            continue;
        }
        CompareStruct(old_method.getParamType(), new_method.getParamType(), method_where + " parameters", report);
        CompareStruct(old_method.getResultType(), new_method.getResultType(), method_where + " results", report);
    }
}

void CompareEnum(capnp::EnumSchema old_schema, capnp::EnumSchema new_schema, const std::string& where,
                 Report& report)
{
    auto new_values = new_schema.getEnumerants();
    auto old_values = old_schema.getEnumerants();
    for (uint i = 0; i < old_values.size(); ++i) {
        report.checked();
        const std::string name = old_values[i].getProto().getName().cStr();
        if (i >= new_values.size() || name != new_values[i].getProto().getName().cStr()) {
            report.broken(where + " enumerant " + name + " @" + std::to_string(i), "removed or renumbered (rule 1)");
        }
    }
}

//! Compares the definitions nested in old_scope with those of the same
//! name in new_scope, recursively.
void CompareScope(capnp::ParsedSchema old_scope, capnp::ParsedSchema new_scope, const std::string& where,
                  Report& report)
{
    for (auto old_node : old_scope.getAllNested()) {
        const auto proto = old_node.getProto();
        const std::string name = old_node.getShortDisplayName().cStr();
        const std::string node_where = where + " " + name;
        if (!proto.isStruct() && !proto.isInterface() && !proto.isEnum()) continue; // constants, annotations
        report.checked();
        KJ_IF_MAYBE (new_node, new_scope.findNested(name)) {
            if (new_node->getProto().getId() != proto.getId() || new_node->getProto().which() != proto.which()) {
                report.broken(node_where, "changed its type ID or kind (rule 5: never rename a type)");
                continue;
            }
            if (proto.isStruct()) CompareStruct(old_node.asStruct(), new_node->asStruct(), node_where, report);
            if (proto.isInterface()) {
                CompareInterface(old_node.asInterface(), new_node->asInterface(), node_where, report);
            }
            if (proto.isEnum()) CompareEnum(old_node.asEnum(), new_node->asEnum(), node_where, report);
            CompareScope(old_node, *new_node, node_where, report);
        } else {
            report.broken(node_where, "removed or renamed (rules 2 and 5)");
        }
    }
}

int Run(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: schema-compat-check OLD_DIR NEW_DIR IMPORT_DIR...\n";
        return 2;
    }
    const fs::path old_dir = argv[1];
    const fs::path new_dir = argv[2];
    std::vector<std::string> imports(argv + 3, argv + argc);
    std::vector<kj::StringPtr> import_ptrs;
    for (const auto& dir : imports) import_ptrs.emplace_back(dir.c_str());
    const kj::ArrayPtr<const kj::StringPtr> kj_imports(import_ptrs.data(), import_ptrs.size());

    std::vector<fs::path> old_files;
    for (const auto& entry : fs::directory_iterator(old_dir)) {
        if (entry.path().extension() == ".capnp") old_files.push_back(entry.path());
    }
    std::sort(old_files.begin(), old_files.end());
    if (old_files.empty()) {
        std::cerr << "schema-compat-check: no .capnp files in " << old_dir << "\n";
        return 2;
    }

    // One parser per version: both define the same IDs.
    capnp::SchemaParser old_parser;
    capnp::SchemaParser new_parser;
    Report report;
    for (const auto& old_file : old_files) {
        const std::string name = old_file.filename().string();
        const fs::path new_file = new_dir / name;
        if (!fs::exists(new_file)) {
            report.broken(name, "file removed (rule 2)");
            continue;
        }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        auto old_schema = old_parser.parseDiskFile(name, old_file.string(), kj_imports);
        auto new_schema = new_parser.parseDiskFile(name, new_file.string(), kj_imports);
#pragma GCC diagnostic pop
        if (old_schema.getProto().getId() != new_schema.getProto().getId()) {
            report.broken(name, "file ID changed (rule 5)");
            continue;
        }
        CompareScope(old_schema, new_schema, name, report);
    }
    report.print();
    return report.ok() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return Run(argc, argv);
    } catch (const kj::Exception& e) {
        std::cerr << "schema-compat-check: " << e.getDescription().cStr() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "schema-compat-check: " << e.what() << "\n";
    }
    return 2;
}
