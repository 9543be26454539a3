// Package test: links multiprocess_tls and loads the certificates that the
// installed mp-tls-certs made (the paths are the arguments), then checks
// that a key of another certificate is refused.
//
//   tls-check CERT KEY TRUST OTHER_KEY

#include <mp/network.h>
#include <mp/tls.h>

#include <iostream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::cerr << "usage: tls-check CERT KEY TRUST OTHER_KEY" << std::endl;
        return 2;
    }
    mp::TlsConfig config{argv[1], argv[2], argv[3], {}};
    mp::NetworkOptions options;
    options.security = mp::MakeTlsSecurity(config);
    std::cout << "tls-check: " << options.security->name() << " loaded" << std::endl;
    config.key_file = argv[4];
    try {
        mp::MakeTlsSecurity(config);
    } catch (const std::runtime_error& e) {
        std::cout << "tls-check: refused as expected: " << e.what() << std::endl;
        return 0;
    }
    std::cerr << "tls-check: FAIL: a key of another certificate was accepted" << std::endl;
    return 1;
}
