# Sourced by the package tests: the work directory of one run.
#
# use_work_dir TEST_NAME [WORK_DIR]: sets $work. WORK_DIR is emptied first
# and kept afterwards for inspection (refused if it is /, $HOME or the
# repository); without it a temporary directory is made and removed when
# the script exits. Also sets $repo (the repository) and $jobs (build jobs,
# MP_TEST_JOBS or 2) and defines step(), which prints a step heading.
use_work_dir() {
    test_name=$1
    local name=$1
    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    if [[ $# -ge 2 ]]; then
        work=$2
        case "$work" in ""|/|"$HOME"|"$repo") echo "$name: refusing WORK_DIR '$work'" >&2; exit 2;; esac
        rm -rf "$work"
        mkdir -p "$work"
        work=$(cd "$work" && pwd)
    else
        work=$(mktemp -d)
        trap 'rm -rf "$work"' EXIT
    fi
    jobs=${MP_TEST_JOBS:-2}
}

step() { echo "=== $test_name: $*"; }
