// Mutual TLS over real TCP connections (mp/tls.h): calls go both ways, and
// every way a connection can be refused is refused, with a message on each
// side that says why, while the server keeps serving others.
//
// Certificates are made for each test by tools/mp-tls-certs (the openssl
// command) in a temporary directory.

#include <mp/network.h>
#include <mp/test/listening-server.h>
#include <mp/tls.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <netinet/in.h>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#ifndef MPTEST_TLS_CERTS_TOOL
#error "MPTEST_TLS_CERTS_TOOL must name tools/mp-tls-certs"
#endif

namespace mp {
namespace test {
namespace {

//! Certificates in a temporary directory, made on first use by name.
//! "ca" and "other-ca" are CAs; a certificate's files are NAME.pem and
//! NAME.key.
class Certificates
{
public:
    //! A CA's certificate file (made in subdirectory `name`).
    std::string ca(const std::string& name)
    {
        run("ca '" + m_dir + "/" + name + "'", name);
        return m_dir + "/" + name + "/ca.pem";
    }

    //! TLS for a certificate `name` signed by `signer` (a CA, or "self" for
    //! a self-signed one) with extra mp-tls-certs arguments, trusting the
    //! certificates of trust_file.
    TlsConfig config(const std::string& name, const std::string& signer, const std::string& trust_file,
                     const std::string& arguments = "--host 127.0.0.1")
    {
        if (signer == "self") {
            run("self-signed '" + m_dir + "' " + name + " " + arguments, name);
        } else {
            ca(signer);
            run("issue '" + m_dir + "' " + name + " --ca '" + m_dir + "/" + signer + "' " + arguments, name);
        }
        TlsConfig config;
        config.certificate_file = m_dir + "/" + name + ".pem";
        config.key_file = m_dir + "/" + name + ".key";
        config.trust_file = trust_file;
        return config;
    }

    NetworkOptions options(const TlsConfig& config)
    {
        NetworkOptions options;
        options.security = MakeTlsSecurity(config);
        return options;
    }

    const std::string& dir() const { return m_dir; }

private:
    void run(const std::string& arguments, const std::string& made)
    {
        if (!m_made.insert(made).second) return;
        const std::string command = std::string(MPTEST_TLS_CERTS_TOOL) + " " + arguments + " >/dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
    }

    TempDir m_temp;
    const std::string& m_dir = m_temp.path();
    std::set<std::string> m_made;
};

//! A node with a certificate of "ca", trusting "ca", listening on TCP, and
//! what a client trusting "ca" uses, with its own certificate of "ca".
class TlsTest : public ::testing::Test
{
protected:
    Certificates certs;
    const std::string ca_file = certs.ca("ca");
    NetworkOptions server_options = certs.options(certs.config("server", "ca", ca_file));
    NetworkOptions client_options = certs.options(certs.config("client", "ca", ca_file));
    ListeningServer server{"tcp:127.0.0.1:0", server_options};
    ClientLoop client_loop;

    //! The server still serves a trusted client after a refusal.
    void expectStillServing()
    {
        auto client = client_loop.connect(server.address(), client_options);
        EXPECT_EQ(client->add(1, 2), 3);
    }
};

TEST_F(TlsTest, CallsAndCallbacksGoOverMutualTls)
{
    auto client = client_loop.connect(server.address(), client_options);

    EXPECT_EQ(client->add(20, 22), 42);
    EXPECT_EQ(client->callFunction([](int32_t value) { return value + 1; }, 41), 42);
    EXPECT_EQ(client->passString(std::string(100000, 'x')).size(), 100000u);
    EXPECT_EQ(server.log.matching({"listening on " + server.address() + " (TLS)"}).size(), 1u);
    client.reset();
}

TEST_F(TlsTest, ClientCertificateOfAnotherCaIsRefusedOnBothSides)
{
    const std::string other_ca = certs.ca("other-ca");
    NetworkOptions stranger = certs.options(certs.config("stranger", "other-ca", ca_file));

    const std::string error = client_loop.connectError(server.address(), stranger);

    EXPECT_NE(error.find("cannot connect to " + server.address() +
                         ": the server does not trust this client's certificate"),
              std::string::npos)
        << error;
    EXPECT_TRUE(server.log.waitFor("refused a connection from 127.0.0.1:"));
    EXPECT_EQ(server.log.matching({"refused a connection", "the client's certificate is not trusted"}).size(), 1u);
    expectStillServing();
}

TEST_F(TlsTest, ExpiredClientCertificateIsRefusedOnBothSides)
{
    NetworkOptions expired = certs.options(certs.config("expired", "ca", ca_file, "--days -1"));

    const std::string error = client_loop.connectError(server.address(), expired);

    EXPECT_NE(error.find("the server refused this client's certificate: it has expired"), std::string::npos) << error;
    EXPECT_TRUE(server.log.waitFor("the client's certificate is not trusted"));
    expectStillServing();
}

TEST_F(TlsTest, ServerCertificateOfAnotherCaIsRefusedOnBothSides)
{
    const std::string other_ca = certs.ca("other-ca");
    NetworkOptions suspicious = certs.options(certs.config("suspicious", "ca", other_ca));

    const std::string error = client_loop.connectError(server.address(), suspicious);

    EXPECT_NE(error.find("the server's certificate is not trusted"), std::string::npos) << error;
    EXPECT_TRUE(server.log.waitFor("the client does not trust this server's certificate"));
    expectStillServing();
}

TEST_F(TlsTest, ServerCertificateMustNameTheHostConnectedTo)
{
    TlsConfig config = certs.config("client", "ca", ca_file);
    config.server_name = "somebody-else";
    NetworkOptions misdirected = certs.options(config);

    const std::string error = client_loop.connectError(server.address(), misdirected);

    EXPECT_NE(error.find("it must name the host connected to"), std::string::npos) << error;
    EXPECT_TRUE(server.log.waitFor("the client refused this server's certificate"));
    expectStillServing();
}

TEST_F(TlsTest, PlaintextClientIsRefusedOnBothSides)
{
    NetworkOptions plaintext;
    plaintext.allow_plaintext_tcp = true;

    const std::string error = client_loop.connectError(server.address(), plaintext);

    EXPECT_NE(error.find("the server closed the connection before answering; if it listens with TLS, connect with TLS"),
              std::string::npos)
        << error;
    EXPECT_TRUE(server.log.waitFor("the client is not speaking TLS"));
    expectStillServing();
}

TEST_F(TlsTest, TlsClientIsRefusedByAPlaintextListenerOnBothSides)
{
    NetworkOptions plaintext;
    plaintext.allow_plaintext_tcp = true;
    ListeningServer plaintext_server("tcp:127.0.0.1:0", plaintext);

    const std::string error = client_loop.connectError(plaintext_server.address(), client_options);

    EXPECT_NE(error.find("the server is not speaking TLS (is it listening with TLS off?)"), std::string::npos) << error;
    EXPECT_TRUE(plaintext_server.log.waitFor("is speaking TLS, but this listener is plaintext"));
}

TEST_F(TlsTest, ConfigurationMistakesAreReportedWithTheFile)
{
    TlsConfig config = certs.config("client", "ca", ca_file);
    config.key_file = certs.dir() + "/missing.key";
    try {
        MakeTlsSecurity(config);
        ADD_FAILURE() << "a missing key file was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot read the key file " + config.key_file), std::string::npos)
            << e.what();
    }
    config.key_file = certs.dir() + "/server.key"; // another certificate's key
    try {
        MakeTlsSecurity(config);
        ADD_FAILURE() << "a key of another certificate was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("does not belong to the certificate"), std::string::npos) << e.what();
    }
}

TEST_F(TlsTest, SilentClientIsDroppedAfterTheSetupTimeout)
{
    NetworkOptions impatient = server_options;
    impatient.setup_timeout = std::chrono::milliseconds(200);
    ListeningServer impatient_server("tcp:127.0.0.1:0", impatient);
    const int fd = ConnectRawTcp(impatient_server.address());

    // Connected, and sends nothing: the server gives up on it.
    EXPECT_TRUE(impatient_server.log.waitFor("no TLS handshake within 200 ms"));
    char byte;
    EXPECT_EQ(read(fd, &byte, 1), 0); // closed by the server
    close(fd);
}

TEST_F(TlsTest, ServerGoingAwayMidCallFailsTheCallAsDisconnected)
{
    auto client = client_loop.connect(server.address(), client_options);
    std::exception_ptr error;
    std::thread caller([&] {
        try {
            client->blockUntilReleased();
        } catch (...) {
            error = std::current_exception();
        }
    });
    server.impl.waitUntilBlocked();

    // Closes the connection without a TLS close_notify, as a process that
    // dies does.
    std::thread stopper([&] { server.loop().shutdown(); });
    caller.join();
    server.impl.release(); // the worker thread returns; then the loop can
    stopper.join();

    ASSERT_TRUE(error);
    try {
        std::rethrow_exception(error);
    } catch (const DisconnectedError& e) {
        EXPECT_NE(std::string(e.what()).find("FooInterface.blockUntilReleased: IPC peer disconnected"),
                  std::string::npos)
            << e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a DisconnectedError: " << e.what();
    }
    client.reset();
}

TEST(TlsPinning, SelfSignedCertificatesTrustedByEachOtherTalk)
{
    Certificates certs;
    // Each side's trust file is the other's own certificate.
    const std::string server_pem = certs.dir() + "/server.pem";
    const std::string client_pem = certs.dir() + "/client.pem";
    TlsConfig server_config = certs.config("server", "self", client_pem);
    TlsConfig client_config = certs.config("client", "self", server_pem);
    TlsConfig stranger_config = certs.config("stranger", "self", server_pem);
    ListeningServer server("tcp:127.0.0.1:0", certs.options(server_config));
    ClientLoop client_loop;

    EXPECT_EQ(client_loop.connect(server.address(), certs.options(client_config))->add(2, 2), 4);
    const std::string error = client_loop.connectError(server.address(), certs.options(stranger_config));
    EXPECT_NE(error.find("the server does not trust this client's certificate"), std::string::npos) << error;
}

} // namespace
} // namespace test
} // namespace mp
