// Addresses as strings (mp/address.h), and connecting and listening by
// address (mp/network.h) over real Unix and TCP sockets. TLS has its own
// tests (tls_test.cpp).

#include <mp/address.h>
#include <mp/network.h>
#include <mp/test/listening-server.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mp {
namespace test {
namespace {

//! A message of the std::invalid_argument ParseSocketAddress throws.
std::string ParseError(const std::string& text)
{
    try {
        ParseSocketAddress(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    ADD_FAILURE() << "'" << text << "' parsed";
    return {};
}

NetworkOptions PlaintextTcp()
{
    NetworkOptions options;
    options.allow_plaintext_tcp = true;
    return options;
}

TEST(Address, UnixPathsWithOrWithoutTheirScheme)
{
    EXPECT_EQ(ParseSocketAddress("unix:/run/node.sock").path, "/run/node.sock");
    EXPECT_EQ(ParseSocketAddress("relative/node.sock").path, "relative/node.sock");
    EXPECT_FALSE(ParseSocketAddress("node.sock").isTcp());
    EXPECT_EQ(ParseSocketAddress("node.sock").toString(), "unix:node.sock");
}

TEST(Address, TcpHostAndPort)
{
    const SocketAddress v4 = ParseSocketAddress("tcp:10.1.2.3:8332");
    EXPECT_TRUE(v4.isTcp());
    EXPECT_EQ(v4.host, "10.1.2.3");
    EXPECT_EQ(v4.port, 8332);
    EXPECT_EQ(ParseSocketAddress("tcp:node.example:1").host, "node.example");
    const SocketAddress v6 = ParseSocketAddress("tcp:[::1]:65535");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 65535);
    EXPECT_EQ(v6.toString(), "tcp:[::1]:65535");
    EXPECT_EQ(ParseSocketAddress("tcp:127.0.0.1:0").port, 0); // listen on any free port
}

TEST(Address, MistakesAreNamed)
{
    EXPECT_NE(ParseError("http://node:80").find("unknown address scheme"), std::string::npos);
    EXPECT_NE(ParseError("localhost:8332").find("unknown address scheme"), std::string::npos);
    EXPECT_NE(ParseError("[::1]:8332").find("tcp:[::1]:8332"), std::string::npos);
    EXPECT_NE(ParseError("tcp:127.0.0.1").find("missing port"), std::string::npos);
    EXPECT_NE(ParseError("tcp::8332").find("missing host"), std::string::npos);
    EXPECT_NE(ParseError("tcp:host:port").find("is not a number"), std::string::npos);
    EXPECT_NE(ParseError("tcp:host:65536").find("above 65535"), std::string::npos);
    EXPECT_NE(ParseError("tcp:::1:8332").find("must be in brackets"), std::string::npos);
    EXPECT_NE(ParseError("tcp:[::1]8332").find("missing port"), std::string::npos);
    EXPECT_NE(ParseError("unix:").find("empty socket path"), std::string::npos);
    EXPECT_NE(ParseError("unix:/" + std::string(200, 'x')).find("must be shorter than 108"), std::string::npos);
}

TEST(Network, CallOverAUnixSocketAddressOnlyThisUserMayOpen)
{
    TempDir dir;
    const std::string address = "unix:" + dir.path() + "/foo.sock";
    ListeningServer server(address, {});
    ClientLoop client_loop;
    auto client = client_loop.connect(address, {});

    EXPECT_EQ(client->add(2, 3), 5);
    struct stat st{};
    ASSERT_EQ(stat((dir.path() + "/foo.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    client.reset();
}

TEST(Network, ListeningOnAUnixSocketReplacesAStaleOneButNotALiveOne)
{
    TempDir dir;
    const std::string path = dir.path() + "/foo.sock";
    {
        ListeningServer first("unix:" + path, {});
        try {
            ListeningServer second("unix:" + path, {});
            ADD_FAILURE() << "a second server listened on the same socket";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("another process is already listening on " + path), std::string::npos);
        }
    }
    // The first server is gone; its socket file stays, stale.
    ListeningServer third("unix:" + path, {});
    ClientLoop client_loop;
    EXPECT_EQ(client_loop.connect("unix:" + path, {})->add(1, 1), 2);
}

TEST(Network, TcpNeedsTlsOrAnExplicitChoiceOfPlaintext)
{
    ClientLoop client_loop;
    const std::string error = client_loop.connectError("tcp:127.0.0.1:1", {});
    EXPECT_NE(error.find("TCP connections use TLS"), std::string::npos) << error;
    EXPECT_THROW(ListeningServer("tcp:127.0.0.1:0", {}), std::invalid_argument);
}

TEST(Network, CallOverPlaintextTcpWhenAllowedWarnsOnBothSides)
{
    ListeningServer server("tcp:127.0.0.1:0", PlaintextTcp());
    ASSERT_EQ(server.address().rfind("tcp:127.0.0.1:", 0), 0u) << server.address();
    ASSERT_NE(server.address(), "tcp:127.0.0.1:0");
    ClientLoop client_loop;
    auto client = client_loop.connect(server.address(), PlaintextTcp());

    EXPECT_EQ(client->add(20, 22), 42);
    EXPECT_EQ(client->callFunction([](int32_t value) { return value * 2; }, 21), 42);
    EXPECT_EQ(server.log.matching({"listening on " + server.address(), "without TLS"}).size(), 1u);
    EXPECT_EQ(client_loop.log.matching({"connecting to " + server.address(), "without TLS"}).size(), 1u);
    client.reset();
}

TEST(Network, CallOverIpv6Loopback)
{
    std::optional<ListeningServer> server;
    try {
        server.emplace("tcp:[::1]:0", PlaintextTcp());
    } catch (const std::runtime_error& e) {
        GTEST_SKIP() << "no IPv6 loopback here: " << e.what();
    }
    ASSERT_EQ(server->address().rfind("tcp:[::1]:", 0), 0u) << server->address();
    ClientLoop client_loop;
    EXPECT_EQ(client_loop.connect(server->address(), PlaintextTcp())->add(4, 5), 9);
}

TEST(Network, ConnectingOverTcpOnTheLoopThreadIsRefusedInsteadOfDeadlocking)
{
    ListeningServer server("tcp:127.0.0.1:0", PlaintextTcp());
    ClientLoop client_loop;
    EXPECT_THROW(client_loop.loop().sync([&] { client_loop.connect(server.address(), PlaintextTcp()); }),
                 std::logic_error);
}

TEST(Network, ConnectingWhereNothingListensSaysSo)
{
    // A port that was free a moment ago: bound, then closed.
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    close(fd);
    const std::string target = "tcp:127.0.0.1:" + std::to_string(ntohs(address.sin_port));

    ClientLoop client_loop;
    const std::string error = client_loop.connectError(target, PlaintextTcp());
    EXPECT_NE(error.find("cannot connect to " + target + ": nothing is listening there"), std::string::npos) << error;
}

TEST(Network, ATlsClientHelloOnAPlaintextListenerIsRecognized)
{
    ListeningServer server("tcp:127.0.0.1:0", PlaintextTcp());
    const int fd = ConnectRawTcp(server.address());
    // The first bytes of a TLS ClientHello record.
    const unsigned char hello[] = {22, 3, 1, 0, 200, 1, 0, 0, 196, 3, 3};
    ASSERT_EQ(write(fd, hello, sizeof(hello)), static_cast<ssize_t>(sizeof(hello)));

    EXPECT_TRUE(server.log.waitFor("is speaking TLS, but this listener is plaintext"));
    close(fd);
}

} // namespace
} // namespace test
} // namespace mp
