#!/usr/bin/env bash
# Runs the frozen-interface client against the current node and wallet.
# Usage: old-client-test.sh OLD_CLIENT BIN_DIR (holding mpnode and mpwallet)
set -euo pipefail
old_client=$1 bin_dir=$2

# start_sample_session: mpnode and the named wallets in a temporary
# directory, stopped and removed on exit.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/sample-session.sh"
start_sample_session "$bin_dir" old-compat

"$old_client" "$socket" old-compat
echo "old-client-test: PASS"
