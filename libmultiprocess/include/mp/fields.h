// How conversions see Cap'n Proto fields and C++ destinations.
//
// A conversion never names a capnp accessor such as getEqn()/setEqn(): it
// receives an "output" (a field of a struct being built, or an element of a
// list being built) with set()/init()/get(), or an "input" (a field or list
// element being read) with get()/has(), and a "read destination" with
// construct()/update() that says where the C++ value goes. The generated
// code makes these from per-field accessor structs (mp::field::Eqn etc.).

#ifndef MP_FIELDS_H
#define MP_FIELDS_H

#include <mp/invoke-context.h>
#include <mp/util.h>

#include <capnp/list.h>
#include <capnp/orphan.h>

#include <optional>
#include <type_traits>
#include <utility>

namespace mp {

//! A field of a struct being built, accessed through the generated
//! Accessor (see mp::field in generated proxy-types.h files).
template <typename Accessor, typename Builder>
class BuilderField
{
public:
    explicit BuilderField(Builder builder) : m_builder(builder) {}

    //! Name of the capnp field, for error messages.
    static constexpr const char* name = Accessor::name;

    decltype(auto) get() const { return Accessor::get(m_builder); }
    template <typename Value>
    void set(Value&& value) const { Accessor::set(m_builder, std::forward<Value>(value)); }
    template <typename... Args>
    decltype(auto) init(Args&&... args) const { return Accessor::init(m_builder, std::forward<Args>(args)...); }
    //! Makes the field the given orphan of the same message (see lent-bytes.h).
    template <typename Orphan>
    void adopt(Orphan&& orphan) const { Accessor::adopt(m_builder, std::forward<Orphan>(orphan)); }
    //! Makes orphans in the message this field is in.
    capnp::Orphanage orphanage() const { return capnp::Orphanage::getForMessageContaining(m_builder); }
    //! Whether the struct has a `hasName` companion field.
    static constexpr bool hasCompanion() { return Accessor::template has_companion<Builder>; }
    //! Sets the `hasName` companion field, if the struct has one.
    void setHas(bool has) const { Accessor::setHas(m_builder, has); }
    //! Sets the `wantName` companion field, if the struct has one.
    void setWant(bool want) const { Accessor::setWant(m_builder, want); }

private:
    mutable Builder m_builder;
};

//! A field of a struct being read.
template <typename Accessor, typename Reader>
class ReaderField
{
public:
    explicit ReaderField(Reader reader) : m_reader(reader) {}

    static constexpr const char* name = Accessor::name;

    decltype(auto) get() const { return Accessor::get(m_reader); }
    static constexpr bool hasCompanion() { return Accessor::template has_companion<Reader>; }
    //! Whether a value is present: the `hasName` companion field if there is
    //! one, else (pointer fields) whether the pointer is set, else true.
    bool has() const { return Accessor::has(m_reader); }
    //! The `wantName` companion field, or true if there is none.
    bool want() const { return Accessor::want(m_reader); }

private:
    Reader m_reader;
};

template <typename T>
concept CapnpBuilder = requires(T t) { t.asReader(); };

//! Output or input for the field Accessor names in the given struct builder
//! or reader, e.g. StructField<field::Eqn>(params).
template <typename Accessor, typename BuilderOrReader>
auto StructField(BuilderOrReader struct_value)
{
    if constexpr (CapnpBuilder<BuilderOrReader>) {
        return BuilderField<Accessor, BuilderOrReader>(struct_value);
    } else {
        return ReaderField<Accessor, BuilderOrReader>(struct_value);
    }
}

//! An element of a list being built.
template <typename ListBuilder>
class ListElementBuilder
{
public:
    ListElementBuilder(ListBuilder list, unsigned index) : m_list(list), m_index(index) {}
    static constexpr const char* name = "list element";

    decltype(auto) get() const { return m_list[m_index]; }
    template <typename Value>
    void set(Value&& value) const { m_list.set(m_index, std::forward<Value>(value)); }
    //! Struct elements exist already; pointer elements are allocated.
    template <typename... Args>
    decltype(auto) init(Args&&... args) const
    {
        if constexpr (sizeof...(Args) == 0 && requires { m_list[m_index].asReader(); }) {
            return m_list[m_index];
        } else {
            return m_list.init(m_index, std::forward<Args>(args)...);
        }
    }
    //! List elements have no companion fields.
    static constexpr bool hasCompanion() { return false; }
    void setHas(bool) const {}
    void setWant(bool) const {}

private:
    mutable ListBuilder m_list;
    unsigned m_index;
};

//! An element of a list being read.
template <typename ListReader>
class ListElementReader
{
public:
    ListElementReader(ListReader list, unsigned index) : m_list(list), m_index(index) {}
    static constexpr const char* name = "list element";

    decltype(auto) get() const { return m_list[m_index]; }
    static constexpr bool hasCompanion() { return false; }
    bool has() const { return true; }
    bool want() const { return true; }

private:
    ListReader m_list;
    unsigned m_index;
};

//! An input or output for a value that is not reached through a struct
//! field: a capnp reader or builder a conversion already has in hand, e.g.
//! a member of a struct it is reading itself:
//!
//!   value.name = ReadField(TypeList<std::string>(), invoke_context,
//!                          Make<ValueField>(reader.getName()), ReadDestTemp<std::string>());
//!
//! Holds a reference to an lvalue and a copy of an rvalue (see Make). It
//! has no companion fields: has() and want() are true.
template <typename Value>
class ValueField
{
public:
    explicit ValueField(Value&& value) : m_value(std::forward<Value>(value)) {}

    static constexpr const char* name = "value";

    decltype(auto) get() const { return m_value; }
    template <typename V>
    void set(V&& value)
    {
        m_value = std::forward<V>(value);
    }
    template <typename... Args>
    decltype(auto) init(Args&&... args)
    {
        return m_value.init(std::forward<Args>(args)...);
    }
    static constexpr bool hasCompanion() { return false; }
    bool has() const { return true; }
    bool want() const { return true; }
    void setHas(bool) const {}
    void setWant(bool) const {}

private:
    Value m_value;
};

//! Makes a Class<Types..., Args...> from args, e.g. Make<ValueField>(x):
//! each Args is deduced as T& for an lvalue and T for an rvalue.
template <template <typename...> class Class, typename... Types, typename... Args>
Class<Types..., Args...> Make(Args&&... args)
{
    return Class<Types..., Args...>(std::forward<Args>(args)...);
}

//! Read destination: an existing C++ object to overwrite or update (an
//! output parameter, a struct member).
template <typename T>
class ReadDestUpdate
{
public:
    explicit ReadDestUpdate(T& value) : m_value(value) {}

    //! Replaces the value with T(args...).
    template <typename... Args>
    T& construct(Args&&... args)
    {
        m_value = T(std::forward<Args>(args)...);
        return m_value;
    }
    //! Calls fn(value) to modify the value in place.
    template <typename Fn>
    T& update(Fn&& fn)
    {
        fn(m_value);
        return m_value;
    }

private:
    T& m_value;
};

//! Read destination: an empty slot to construct a value in (a server-side
//! argument, a client-side return value). Works for types that cannot be
//! default-constructed, copied or moved.
template <typename T>
class ReadDestEmplace
{
public:
    explicit ReadDestEmplace(std::optional<T>& slot) : m_slot(slot) {}

    template <typename... Args>
    T& construct(Args&&... args)
    {
        return m_slot.emplace(std::forward<Args>(args)...);
    }
    template <typename Fn>
    T& update(Fn&& fn)
    {
        T& value = m_slot.emplace();
        fn(value);
        return value;
    }

private:
    std::optional<T>& m_slot;
};

//! Read destination: a temporary, returned by value from ReadField.
template <typename T>
class ReadDestTemp
{
public:
    template <typename... Args>
    T construct(Args&&... args)
    {
        return T(std::forward<Args>(args)...);
    }
    template <typename Fn>
    T update(Fn&& fn)
    {
        T value{};
        fn(value);
        return value;
    }
};

//! A `const char*` parameter is a C string (carried as Text, see
//! mp/type-char.h), not an optional value like other pointer parameters.
template <typename T>
concept CString = std::is_same_v<Decay<T>, const char*>;

//! A pointer parameter that stands for an optional value: null means absent.
template <typename T>
concept OptionalPointer = std::is_pointer_v<Decay<T>> && !CString<T>;

//! True for C++ types that point into the message they are read from
//! instead of owning a copy: `const char*`, byte spans, Cap'n Proto
//! `S::Reader`s (specialized by mp/type-char.h, type-data.h, type-message.h).
//! They can be read only where that message outlives them: a server reads
//! them from its request, which stays valid until the call returns. A client
//! cannot receive them as results or output parameters, because the reply
//! is freed when the call returns; ClientInvoke's helpers reject them at
//! compile time.
template <typename T>
struct ViewsMessage : std::false_type
{
};

//! Always false. The fallback conversions below assert it, so that the
//! compiler prints the C++ type that has no conversion right at the error
//! ("ConversionExists<Unconvertible>()' evaluates to false").
//!
//! The fallbacks take their value and field through C's `...`, which is
//! the worst match overload resolution knows: they are chosen only when no
//! other overload matches at all. With `Args&&...` instead they would match
//! a non-const value exactly, and tie with (so make ambiguous) a user's
//! overload taking `const T&` at a higher Priority, as the original
//! library's users write them.
template <typename... LocalTypes>
constexpr bool ConversionExists()
{
    return false;
}

template <typename... LocalTypes>
void CustomBuildField(TypeList<LocalTypes...>, Priority<0>, InvokeContext&, ...)
{
    static_assert(ConversionExists<LocalTypes...>(),
                  "mp: no conversion from the C++ type T of ConversionExists<T> to this Cap'n Proto field (the "
                  "field::X of the BuilderField in the instantiation notes). Include the mp/type-*.h header that "
                  "handles T from your $Proxy.includeTypes header, or write a CustomBuildField overload for T.");
}

template <typename... LocalTypes>
void CustomReadField(TypeList<LocalTypes...>, Priority<0>, InvokeContext&, ...)
{
    static_assert(ConversionExists<LocalTypes...>(),
                  "mp: no conversion from this Cap'n Proto field (the field::X of the ReaderField in the "
                  "instantiation notes) to the C++ type T of ConversionExists<T>. Include the mp/type-*.h header "
                  "that handles T from your $Proxy.includeTypes header, or write a CustomReadField overload for T.");
}

//! Writes C++ value(s) of the given type(s) into a capnp output. Dispatches
//! to the best matching CustomBuildField overload; references and
//! cv-qualifiers are removed from the types first, so overloads are written
//! for plain types (TypeList<std::string>, not TypeList<const std::string&>).
template <typename... LocalTypes, typename Output, typename... Values>
void BuildField(TypeList<LocalTypes...>, InvokeContext& invoke_context, Output&& output, Values&&... values)
{
    CustomBuildField(TypeList<Decay<LocalTypes>...>(), Priority<3>(), invoke_context, std::forward<Values>(values)...,
                     std::forward<Output>(output));
}

//! Reads a capnp input into a C++ destination; the counterpart of BuildField.
template <typename... LocalTypes, typename Input, typename... ReadDest>
decltype(auto) ReadField(TypeList<LocalTypes...>, InvokeContext& invoke_context, Input&& input, ReadDest&&... read_dest)
{
    return CustomReadField(TypeList<Decay<LocalTypes>...>(), Priority<3>(), invoke_context, std::forward<Input>(input),
                           std::forward<ReadDest>(read_dest)...);
}

} // namespace mp

#endif // MP_FIELDS_H
