// Building mpgen's model from a parsed schema, and checking it.

#include "model.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace mpgen {

namespace {

//! Finds declarations in the .capnp text, to give errors and #line
//! directives a line number (the schema itself carries none).
class SourceLocator
{
public:
    explicit SourceLocator(const std::string& text) : m_text(text) {}

    //! Offset of the first match of pattern at or after `from`, or npos.
    size_t find(const std::string& pattern, size_t from) const
    {
        std::smatch match;
        if (from >= m_text.size()) return std::string::npos;
        auto begin = m_text.begin() + static_cast<std::ptrdiff_t>(from);
        if (!std::regex_search(begin, m_text.end(), match, std::regex(pattern))) return std::string::npos;
        return from + static_cast<size_t>(match.position(0));
    }

    int lineAt(size_t offset) const
    {
        if (offset == std::string::npos) return 0;
        return 1 + static_cast<int>(std::count(m_text.begin(), m_text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    }

private:
    const std::string& m_text;
};

std::string Capitalize(std::string name)
{
    if (!name.empty()) name[0] = static_cast<char>(toupper(static_cast<unsigned char>(name[0])));
    return name;
}

std::string Join(const std::vector<std::string>& parts, const std::string& separator)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

//! Whether `name` is hasX or wantX for a field x among `names`.
bool IsCompanionOf(const std::string& name, const std::set<std::string>& names)
{
    for (std::string prefix : {"has", "want"}) {
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
            isupper(static_cast<unsigned char>(name[prefix.size()]))) {
            std::string base = name.substr(prefix.size());
            base[0] = static_cast<char>(tolower(static_cast<unsigned char>(base[0])));
            if (names.count(base)) return true;
        }
    }
    return false;
}

class ModelBuilder
{
public:
    ModelBuilder(const ProxySchema& proxy, const std::string& source_path, const std::string& text)
        : m_proxy(proxy), m_path(source_path), m_locator(text)
    {
    }

    [[noreturn]] void fail(int line, const std::string& message) const
    {
        throw SchemaError(m_path + ":" + std::to_string(line) + ": error: " + message);
    }

    //! The value of the annotation with the given id, if present.
    template <typename Annotations>
    static std::optional<capnp::schema::Value::Reader> findAnnotation(Annotations annotations, uint64_t id)
    {
        for (auto annotation : annotations) {
            if (annotation.getId() == id) return annotation.getValue();
        }
        return std::nullopt;
    }

    //! Text annotation value with the given id, if present.
    template <typename Annotations>
    bool textAnnotation(Annotations annotations, uint64_t id, std::string& value) const
    {
        auto found = findAnnotation(annotations, id);
        if (found) value = found->getText();
        return found.has_value();
    }

    template <typename Annotations>
    bool intAnnotation(Annotations annotations, uint64_t id, int& value) const
    {
        auto found = findAnnotation(annotations, id);
        if (found) value = found->getInt32();
        return found.has_value();
    }

    template <typename Annotations>
    bool hasAnnotation(Annotations annotations, uint64_t id) const
    {
        return findAnnotation(annotations, id).has_value();
    }

    FieldModel field(capnp::StructSchema::Field field, size_t search_from, const std::string& where)
    {
        FieldModel model;
        auto proto = field.getProto();
        model.name = proto.getName();
        model.accessor = Capitalize(model.name);
        auto ordinal = proto.getOrdinal();
        if (ordinal.isExplicit()) {
            model.line = m_locator.lineAt(m_locator.find(
                "\\b" + model.name + "\\s*@" + std::to_string(ordinal.getExplicit()) + "\\b", search_from));
        }
        // Inline parameter lists have no ordinals: find `name :Type`.
        if (model.line == 0) model.line = m_locator.lineAt(m_locator.find("\\b" + model.name + "\\s*[@:]", search_from));
        if (model.line == 0) model.line = m_locator.lineAt(search_from);
        capnp::Type type = field.getType();
        int count = 1;
        if (type.isStruct()) {
            auto struct_schema = type.asStruct();
            if (struct_schema.getProto().getId() == m_proxy.context) model.is_context = true;
            intAnnotation(struct_schema.getProto().getAnnotations(), m_proxy.count, count);
        } else if (type.isInterface()) {
            intAnnotation(type.asInterface().getProto().getAnnotations(), m_proxy.count, count);
        }
        intAnnotation(proto.getAnnotations(), m_proxy.count, count);
        if (hasAnnotation(proto.getAnnotations(), m_proxy.skip)) count = 0;
        if (count < 0) fail(model.line, where + " field '" + model.name + "': $Proxy.count must not be negative");
        model.count = model.is_context ? 0 : count;
        textAnnotation(proto.getAnnotations(), m_proxy.exception, model.exception_type);
        const bool plain_exception = model.exception_type == "std::exception" || model.exception_type == "::std::exception";
        model.exception_carrier = plain_exception ? "std::runtime_error" : model.exception_type;
        return model;
    }

    MethodModel method(const std::string& iface_name, capnp::InterfaceSchema::Method method, size_t iface_offset)
    {
        MethodModel model;
        auto proto = method.getProto();
        model.name = proto.getName();
        model.cpp_name = model.name;
        textAnnotation(proto.getAnnotations(), m_proxy.name, model.cpp_name);
        model.title = iface_name + "." + model.name;
        model.ordinal = method.getOrdinal();
        model.traits_alias = Capitalize(model.name) + "Method";
        model.context_type = Capitalize(model.name) + "Context";
        model.request_fn = model.name + "Request";
        model.is_construct = model.name == "construct";
        model.is_destroy = model.name == "destroy";
        size_t offset = m_locator.find("\\b" + model.name + "\\s*@" + std::to_string(model.ordinal) + "\\b", iface_offset);
        model.line = m_locator.lineAt(offset);
        if (offset == std::string::npos) offset = iface_offset;

        auto param_type = method.getParamType();
        auto result_type = method.getResultType();
        if (param_type.getProto().getScopeId() != 0 || result_type.getProto().getScopeId() != 0) {
            fail(model.line, model.title + ": mpgen needs parameter and result lists written inline "
                                           "(`name @N (a :T) -> (b :U)`), not named struct types");
        }
        for (auto f : param_type.getFields()) model.params.push_back(field(f, offset, model.title + " parameter"));
        for (auto f : result_type.getFields()) model.results.push_back(field(f, offset, model.title + " result"));

        std::vector<std::string> parts;
        for (auto& p : model.params) parts.push_back(p.name);
        std::vector<std::string> result_parts;
        for (auto& r : model.results) result_parts.push_back(r.name);
        model.signature = model.name + " @" + std::to_string(model.ordinal) + " (" + Join(parts, ", ") + ") -> (" +
                          Join(result_parts, ", ") + ")";
        mapParameters(model);
        return model;
    }

    //! Decides which C++ parameter each field feeds; see contract section 3.
    void mapParameters(MethodModel& method)
    {
        auto named = [](std::vector<FieldModel>& fields, const std::string& name) -> FieldModel* {
            for (auto& f : fields) {
                if (f.name == name) return &f;
            }
            return nullptr;
        };
        // Companion fields: hasFoo / wantFoo next to a field foo.
        auto mark_companions = [&](std::vector<FieldModel>& fields) {
            for (auto& f : fields) {
                for (const char* prefix : {"has", "want"}) {
                    std::string p(prefix);
                    if (f.name.size() > p.size() && f.name.compare(0, p.size(), p) == 0 && isupper(f.name[p.size()])) {
                        std::string base = f.name.substr(p.size());
                        base[0] = static_cast<char>(tolower(static_cast<unsigned char>(base[0])));
                        if (named(method.params, base) || named(method.results, base)) {
                            f.is_companion = true;
                            f.count = 0;
                            if (p == "want") {
                                if (auto* target = named(method.results, base)) target->has_want = true;
                            }
                        }
                    }
                }
            }
        };
        mark_companions(method.params);
        mark_companions(method.results);

        // The C++ method's parameters in order: the inputs, then outputs
        // that are not also inputs (an in/out parameter is one of each).
        auto add_cpp_param = [&method](const FieldModel& f, bool output) {
            CppParam param;
            param.name = f.name;
            param.index = method.cpp_param_count;
            (output ? param.out : param.in) = &f;
            method.cpp_param_count += f.count;
            method.cpp_params.push_back(param);
        };
        for (size_t i = 0; i < method.params.size(); ++i) {
            FieldModel& f = method.params[i];
            if (f.is_context) {
                if (i != 0) fail(f.line, method.title + ": the Context parameter must come first");
                method.has_context = true;
                continue;
            }
            if (f.count > 0) add_cpp_param(f, /*output=*/false);
        }
        for (FieldModel& f : method.results) {
            if (!f.exception_type.empty() || f.count == 0) continue;
            if (f.name == "result") {
                method.result = &f;
                continue;
            }
            auto existing = std::find_if(method.cpp_params.begin(), method.cpp_params.end(),
                                         [&](const CppParam& p) { return p.name == f.name; });
            if (existing != method.cpp_params.end()) {
                existing->out = &f;
            } else {
                add_cpp_param(f, /*output=*/true);
            }
        }
        for (auto& p : method.cpp_params) {
            const FieldModel& f = p.in ? *p.in : *p.out;
            if (f.count > 1) {
                // Would need a conversion taking several C++ values for one
                // field; not supported yet (say so rather than generate code
                // that fails to compile far from here).
                fail(f.line, method.title + ": field '" + f.name + "' has $Proxy.count(" + std::to_string(f.count) +
                                 "): only 0 and 1 are supported");
            }
        }
    }

    InterfaceModel interface(capnp::InterfaceSchema schema, const std::string& name, const std::string& cpp_type)
    {
        InterfaceModel model;
        model.name = name;
        model.cpp_type = cpp_type;
        size_t offset = m_locator.find("\\binterface\\s+" + name + "\\b", 0);
        model.line = m_locator.lineAt(offset);
        if (offset == std::string::npos) offset = 0;
        auto annotations = schema.getProto().getAnnotations();
        if (textAnnotation(annotations, m_proxy.wrap, model.wrapped) && model.wrapped.empty()) {
            fail(model.line, "interface " + name + ": $Proxy.wrap needs the name of a C++ class");
        }
        // Inherited methods first, so they are declared in base-to-derived order.
        std::set<uint64_t> seen;
        addMethods(model, schema, offset, seen);
        for (auto& m : model.methods) {
            if (m.is_construct) model.has_construct = true;
            if (m.is_destroy) model.has_destroy = true;
        }
        return model;
    }

    void addMethods(InterfaceModel& model, capnp::InterfaceSchema schema, size_t offset, std::set<uint64_t>& seen)
    {
        if (!seen.insert(schema.getProto().getId()).second) return;
        for (auto super : schema.getSuperclasses()) addMethods(model, super, offset, seen);
        for (auto method : schema.getMethods()) model.methods.push_back(this->method(model.name, method, offset));
    }

    StructModel structure(capnp::StructSchema schema, const std::string& name, const std::string& cpp_type,
                          const std::string& wrapped)
    {
        StructModel model;
        model.name = name;
        model.cpp_type = cpp_type;
        model.wrapped = wrapped;
        size_t offset = m_locator.find("\\bstruct\\s+" + name + "\\b", 0);
        model.line = m_locator.lineAt(offset);
        if (wrapped.empty()) fail(model.line, "struct " + name + ": $Proxy.wrap needs the name of a C++ struct");
        if (offset == std::string::npos) offset = 0;
        for (auto f : schema.getFields()) {
            StructFieldModel field_model;
            field_model.field = field(f, offset, "struct " + name);
            if (field_model.field.count == 0) continue;
            field_model.member = field_model.field.name;
            textAnnotation(f.getProto().getAnnotations(), m_proxy.name, field_model.member);
            model.fields.push_back(field_model);
        }
        return model;
    }

    //! The fields of any struct in code order, for its ProxyStruct. Union
    //! members and hasX/wantX companions are left out: they are not values
    //! of their own in a pair, tuple or map entry.
    StructFieldsModel structFields(capnp::StructSchema schema, const std::string& name, const std::string& cpp_type,
                                   bool in_generic_scope)
    {
        StructFieldsModel model;
        model.name = name;
        model.cpp_type = cpp_type;
        model.line = m_locator.lineAt(m_locator.find("\\bstruct\\s+" + name + "\\b", 0));
        for (auto param : schema.getProto().getParameters()) model.params.push_back(param.getName());
        if (in_generic_scope) {
            model.unsupported = "it is nested in a generic declaration";
            return model;
        }
        std::vector<capnp::StructSchema::Field> fields;
        std::set<std::string> names;
        for (auto f : schema.getFields()) {
            names.insert(f.getProto().getName());
            if (f.getProto().getDiscriminantValue() == capnp::schema::Field::NO_DISCRIMINANT) fields.push_back(f);
        }
        std::sort(fields.begin(), fields.end(), [](auto a, auto b) {
            return a.getProto().getCodeOrder() < b.getProto().getCodeOrder();
        });
        for (auto f : fields) {
            std::string field_name = f.getProto().getName();
            if (IsCompanionOf(field_name, names)) continue;
            model.accessors.push_back(Capitalize(field_name));
        }
        return model;
    }

    //! Walks nested declarations, collecting interfaces and structs.
    //! in_generic_scope: an enclosing declaration has generic parameters.
    void walk(const capnp::ParsedSchema& scope, const std::string& cpp_scope, FileModel& file,
              bool in_generic_scope = false)
    {
        for (auto nested : scope.getAllNested()) {
            auto proto = nested.getProto();
            std::string short_name(proto.getDisplayName().cStr() + proto.getDisplayNamePrefixLength());
            std::string cpp_type = cpp_scope.empty() ? short_name : cpp_scope + "::" + short_name;
            if (proto.isInterface()) {
                file.interfaces.push_back(interface(nested.asInterface(), short_name, cpp_type));
            } else if (proto.isStruct()) {
                file.struct_fields.push_back(structFields(nested.asStruct(), short_name, cpp_type, in_generic_scope));
                std::string wrapped;
                if (textAnnotation(proto.getAnnotations(), m_proxy.wrap, wrapped)) {
                    if (proto.getIsGeneric()) {
                        fail(m_locator.lineAt(m_locator.find("\\bstruct\\s+" + short_name + "\\b", 0)),
                             "struct " + short_name + ": $Proxy.wrap is not supported on generic structs");
                    }
                    file.structs.push_back(structure(nested.asStruct(), short_name, cpp_type, wrapped));
                }
            }
            walk(nested, cpp_type, file, in_generic_scope || proto.getParameters().size() > 0);
        }
    }

private:
    const ProxySchema& m_proxy;
    const std::string& m_path;
    SourceLocator m_locator;
};

} // namespace

FileModel BuildModel(const capnp::ParsedSchema& file, const ProxySchema& proxy, const std::string& source_path,
                     const std::string& source_text, const std::vector<std::string>& imported_proxy_headers)
{
    FileModel model;
    model.source_path = source_path;
    model.imported_proxy_headers = imported_proxy_headers;
    ModelBuilder builder(proxy, source_path, source_text);
    for (auto annotation : file.getProto().getAnnotations()) {
        if (annotation.getId() == proxy.include) model.includes.push_back(annotation.getValue().getText());
        if (annotation.getId() == proxy.include_types) model.include_types.push_back(annotation.getValue().getText());
        if (annotation.getId() == proxy.cxx_namespace) model.cpp_namespace = annotation.getValue().getText();
    }
    std::string scope = model.cpp_namespace;
    if (scope.rfind("::", 0) == 0) scope = scope.substr(2);
    builder.walk(file, scope, model);

    std::set<std::string> accessors;
    for (auto& iface : model.interfaces) {
        for (auto& method : iface.methods) {
            for (auto& f : method.params) accessors.insert(f.accessor);
            for (auto& f : method.results) accessors.insert(f.accessor);
        }
    }
    for (auto& s : model.structs) {
        for (auto& f : s.fields) accessors.insert(f.field.accessor);
    }
    for (auto& s : model.struct_fields) {
        for (auto& accessor : s.accessors) accessors.insert(accessor);
    }
    model.accessors.assign(accessors.begin(), accessors.end());
    return model;
}

} // namespace mpgen
