#!/usr/bin/env bash
# Package test: vendor libmultiprocess into a fresh consumer repository with
# `git subtree add`, build the consumer with add_subdirectory(libmultiprocess)
# and run it (the steps of libmultiprocess/doc/install.md).
#
#   upstream/   a git repository holding a copy of libmultiprocess/ (as it is
#               in this checkout, uncommitted changes included), one commit
#   project/    the consumer: subdirectory/CMakeLists.txt and the greeter
#               sources of consumer/, committed, then
#               `git subtree add --prefix=libmultiprocess <upstream> main --squash`
#
# Usage: tests/package/subdirectory-test.sh [WORK_DIR]
#   WORK_DIR is emptied first and kept afterwards for inspection; without it a
#   temporary directory is used and removed at the end.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/work-dir.sh"
use_work_dir subdirectory-test "$@"

# Commits in the temporary repositories need an identity, whatever the
# user's git configuration says.
export GIT_AUTHOR_NAME="subdirectory-test" GIT_AUTHOR_EMAIL="subdirectory-test@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
git_quiet() { git -c init.defaultBranch=main -c advice.detachedHead=false "$@" >/dev/null; }

step "upstream repository with a copy of libmultiprocess/"
mkdir -p "$work/upstream"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and new files, not build trees or other ignored files.
    (cd "$repo/libmultiprocess" && git ls-files -z --cached --others --exclude-standard . |
        while IFS= read -r -d '' file; do
            if [[ -e "$file" ]]; then cp --parents "$file" "$work/upstream/"; fi
        done)
else
    cp -r "$repo/libmultiprocess/." "$work/upstream/"
fi
git_quiet -C "$work/upstream" init
git_quiet -C "$work/upstream" add -A
git_quiet -C "$work/upstream" commit -m "libmultiprocess"

step "consumer repository; git subtree add --prefix=libmultiprocess"
mkdir -p "$work/project"
cp "$here/subdirectory/CMakeLists.txt" "$here/consumer/main.cpp" "$here/consumer/greeter.capnp" \
    "$here/consumer/greeter.h" "$here/consumer/greeter-types.h" "$work/project/"
git_quiet -C "$work/project" init
git_quiet -C "$work/project" add -A
git_quiet -C "$work/project" commit -m "consumer"
(cd "$work/project" && git subtree add --prefix=libmultiprocess "$work/upstream" main --squash)
if [[ ! -f "$work/project/libmultiprocess/CMakeLists.txt" ]]; then
    echo "subdirectory-test: FAIL: git subtree add did not create libmultiprocess/" >&2
    exit 1
fi

step "configure (add_subdirectory(libmultiprocess))"
cp -r "$here/regeneration" "$work/regen"
cmake -S "$work/project" -B "$work/build" -DREGEN_DIR="$work/regen"
step "build"
cmake --build "$work/build" -j"$jobs"
step "run the consumer"
"$work/build/consumer"

# The build regenerates code when a .capnp file or one it imports changes,
# and only then.
regenerated() { # prints the .capnp files a build of `regen` regenerated
    cmake --build "$work/build" --target regen -j"$jobs" | sed -n 's/.*Generating libmultiprocess code for //p' | sort | tr '\n' ' '
}
expect_regenerated() { # WHAT EXPECTED
    local got
    got=$(regenerated)
    if [[ "$got" != "$2" ]]; then
        echo "subdirectory-test: after $1, expected regenerated '$2', got '$got'" >&2
        exit 1
    fi
    echo "after $1: regenerated '${got}' as expected"
}
step "regeneration"
expect_regenerated "no change" ""
touch "$work/regen/base.capnp"
expect_regenerated "touching an imported file" "base.capnp user.capnp "
touch "$work/regen/user.capnp"
expect_regenerated "touching the importing file" "user.capnp "
expect_regenerated "no change again" ""

echo "subdirectory-test: PASS"
