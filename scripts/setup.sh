#!/usr/bin/env bash
# Installs the Debian packages this project needs. Runs apt-get only when one
# of them is missing; uses sudo only when not root.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    capnproto libcapnp-dev
    libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev
    qt6-base-dev libsqlite3-dev libssl-dev
    # TLS certificates for tests (libmultiprocess/tools/mp-tls-certs), and
    # the network namespaces of tests/sample/tcp-*.sh
    openssl iproute2
    # scripts/fuzz.sh: clang with libFuzzer and the sanitizer runtimes (the
    # runtimes are only a recommendation of clang, not installed with it here)
    clang libclang-rt-dev
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: dpkg-query not found (not Debian?); install these yourself: ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup.sh: all required packages are installed"
    exit 0
fi

echo "setup.sh: installing: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
