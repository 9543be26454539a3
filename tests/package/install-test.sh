#!/usr/bin/env bash
# Package test: build and install libmultiprocess alone, then build and run a
# consumer project against the installed package (CMake find_package), and
# check the pkg-config file.
#
# Usage: tests/package/install-test.sh [WORK_DIR]
#   WORK_DIR is emptied first and kept afterwards for inspection; without it a
#   temporary directory is used and removed at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/work-dir.sh"
use_work_dir install-test "$@"

if ! command -v pkg-config >/dev/null 2>&1; then
    echo "install-test: FAIL: pkg-config not found (scripts/setup.sh installs it)" >&2
    exit 1
fi

step "configure libmultiprocess alone"
cmake -S "$repo/libmultiprocess" -B "$work/build" \
    -DCMAKE_INSTALL_PREFIX="$work/prefix" \
    -DMP_ENABLE_TESTS=OFF -DMP_ENABLE_EXAMPLES=OFF
step "build"
cmake --build "$work/build" -j"$jobs"
step "install"
cmake --install "$work/build"

prefix=$work/prefix
pcdir=$(dirname "$(find "$prefix" -name libmultiprocess.pc -print -quit)")
missing=0
for f in bin/mpgen bin/mp-tls-certs include/mp/proxy.capnp include/mp/proxy.capnp.h include/mp/proxy.h \
    include/mp/proxy-io.h include/mp/network.h include/mp/tls.h; do
    if [[ ! -e "$prefix/$f" ]]; then echo "install-test: FAIL: not installed: $f" >&2; missing=1; fi
done
for f in LibmultiprocessConfig.cmake LibmultiprocessConfigVersion.cmake LibmultiprocessTargets.cmake TargetCapnpSources.cmake; do
    if [[ -z "$(find "$prefix" -name "$f" -print -quit)" ]]; then echo "install-test: FAIL: not installed: $f" >&2; missing=1; fi
done
[[ $missing == 0 ]] || exit 1

step "run the installed mpgen by hand, with no import path: it finds /mp/proxy.capnp itself"
mkdir -p "$work/mpgen-by-hand"
(cd "$work/mpgen-by-hand" && "$prefix/bin/mpgen" "$here/consumer" "$here/consumer" "$here/consumer/greeter.capnp")
for suffix in .h .c++ .proxy.h .proxy-types.h .proxy-types.c++ .proxy-client.c++ .proxy-server.c++; do
    [[ -s "$work/mpgen-by-hand/greeter.capnp$suffix" ]] ||
        { echo "install-test: FAIL: mpgen wrote no greeter.capnp$suffix" >&2; exit 1; }
done

step "build the consumer against the installed package"
cmake -S "$here/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix"
cmake --build "$work/consumer" -j"$jobs"

step "run the consumer"
"$work/consumer/consumer"

step "make certificates with the installed mp-tls-certs, load them with multiprocess_tls"
"$prefix/bin/mp-tls-certs" ca "$work/certs"
"$prefix/bin/mp-tls-certs" issue "$work/certs" node
"$prefix/bin/mp-tls-certs" issue "$work/certs" other
"$work/consumer/tls-check" "$work/certs/node.pem" "$work/certs/node.key" "$work/certs/ca.pem" "$work/certs/other.key"

step "pkg-config"
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs libmultiprocess)
echo "pkg-config --cflags --libs libmultiprocess: $flags"
case " $flags " in
    *" -I$prefix/include "*) ;;
    *) echo "install-test: FAIL: pkg-config cflags lack -I$prefix/include" >&2; exit 1;;
esac
case " $flags " in
    *" -lmultiprocess "*) ;;
    *) echo "install-test: FAIL: pkg-config libs lack -lmultiprocess" >&2; exit 1;;
esac

step "build a program with the pkg-config flags alone"
cat > "$work/pc-test.cpp" <<'CPP'
#include <mp/util.h>
#include <iostream>
int main() { std::cout << mp::ThreadName("pc-test") << std::endl; }
CPP
# shellcheck disable=SC2086
c++ -std=c++20 -o "$work/pc-test" "$work/pc-test.cpp" $flags
"$work/pc-test"

step "build the TLS check with the pkg-config flags of libmultiprocess-tls alone"
tls_flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs libmultiprocess-tls)
echo "pkg-config --cflags --libs libmultiprocess-tls: $tls_flags"
# shellcheck disable=SC2086
c++ -std=c++20 -o "$work/pc-tls-check" "$here/consumer/tls-check.cpp" $tls_flags
"$work/pc-tls-check" "$work/certs/node.pem" "$work/certs/node.key" "$work/certs/ca.pem" "$work/certs/other.key"

echo "install-test: PASS"
