// C++ <-> kj exception conversions at the edges of a call.

#include <mp/exception-conversion.h>

#include <kj/string.h>

namespace mp {

namespace {

const kj::StringPtr kRemotePrefix = "remote exception: ";

} // namespace

DisconnectedError::DisconnectedError(const std::string& method_name, const char* reason)
    : std::runtime_error(method_name + ": IPC peer disconnected (" + reason + ")")
{
}

std::exception_ptr ToCppException(const kj::Exception& exception, const char* method_name,
                                  const char* disconnect_reason)
{
    if (exception.getType() == kj::Exception::Type::DISCONNECTED) {
        return std::make_exception_ptr(DisconnectedError(method_name, disconnect_reason));
    }
    kj::StringPtr description = exception.getDescription();
    if (description.startsWith(kRemotePrefix)) description = description.slice(kRemotePrefix.size());
    return std::make_exception_ptr(std::runtime_error(std::string(description.cStr())));
}

kj::Exception ToKjException(std::exception_ptr exception, const char* method_name)
{
    try {
        std::rethrow_exception(exception);
    } catch (const kj::Exception& e) {
        return e;
    } catch (const std::exception& e) {
        return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__, kj::str(e.what()));
    } catch (...) {
        return kj::Exception(kj::Exception::Type::FAILED, __FILE__, __LINE__,
                             kj::str(method_name, ": unknown exception thrown by the server implementation"));
    }
}

} // namespace mp
