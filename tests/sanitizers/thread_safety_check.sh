#!/usr/bin/env bash
# Shows that the clang builds' compiler and thread-safety flags (CMake's
# BREW_THREAD_SAFETY_FLAGS, passed in) refuse code that touches a guarded
# member or calls a ...Locked helper without the lock, and accept the locked
# version. Without this, flags that silently stopped applying (or
# annotations that expand to nothing) would look the same as correct
# locking.
# Usage: thread_safety_check.sh CXX SOURCE_DIR FLAG...
set -u
cxx=$1
src=$2
shift 2
[[ $# -gt 0 ]] || { echo "FAIL: no thread-safety flags given"; exit 1; }
dir=$src/tests/sanitizers/thread_safety
flags="-std=c++17 -fsyntax-only $* -I $src"
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
