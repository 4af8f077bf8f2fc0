#!/bin/sh
# Shows that clang's -Wthread-safety, as the clang builds use it, refuses
# code that touches a guarded member or calls a ...Locked helper without the
# lock, and accepts the locked version. Without this, a build flag that
# silently stopped applying (or annotations that expand to nothing) would
# look the same as correct locking.
# Usage: thread_safety_check.sh CLANGXX SOURCE_DIR
set -u
cxx=$1
src=$2
dir=$src/tests/sanitizers/thread_safety
flags="-std=c++17 -fsyntax-only -Wthread-safety -Werror=thread-safety -I $src"
fail=0

if ! out=$("$cxx" $flags "$dir/locked_ok.cc" 2>&1); then
  echo "FAIL: locked_ok.cc must compile:"; echo "$out"; fail=1
fi
for f in unlocked_member unlocked_helper; do
  if out=$("$cxx" $flags "$dir/$f.cc" 2>&1); then
    echo "FAIL: $f.cc compiled, but -Wthread-safety must refuse it"; fail=1
  elif ! echo "$out" | grep -q -- '-Werror,-Wthread-safety'; then
    echo "FAIL: $f.cc was refused, but not by -Wthread-safety:"; echo "$out"; fail=1
  else
    echo "ok: $f.cc refused: $(echo "$out" | grep -m1 'error:')"
  fi
done
exit $fail
