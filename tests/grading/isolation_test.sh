#!/usr/bin/env bash
# labrun's isolation with handlers that crash or hang: each fails its own
# scenario with the cause named, the other scenarios still run and pass,
# every report is written, the run is bounded by the caps, and nothing is
# left running afterwards.
#
# usage: isolation_test.sh LABRUN_SEGFAULTS LABRUN_SPINS WORK_DIR  (from the source dir)
set -u
segfaults=$1
spins=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

# A crash: the upload handler segfaults on the first invalid record.
# upload_empty has no records, so it must still pass, after the crash.
# Each labrun runs in a session of its own, its id written to $work/sid.NAME,
# so we can check afterwards that none of its processes is left.
session='echo $$ > "$0"; exec "$@"'

out=$(timeout 120 setsid bash -c "$session" "$work/sid.crash" \
  "$segfaults" --report-dir "$work/crash" scenarios/run_upload.yaml scenarios/upload_empty.yaml 2>&1)
rc=$?
echo "$out"
[[ $rc -eq 1 ]] || fail "crash run exited $rc, want 1"
grep -Eq '^FAIL run_upload ' <<<"$out" || fail "run_upload should FAIL"
grep -Eq 'error: +crashed: SIGSEGV' <<<"$out" || fail "the crash is named"
grep -Eq '^PASS upload_empty ' <<<"$out" || fail "the next scenario still runs and passes"
grep -Eq '^1 passed, 1 failed$' <<<"$out" || fail "totals"
for f in index.json run_upload.json upload_empty.json; do
  [[ -f "$work/crash/$f" ]] || fail "report $f written"
done
# The server's start and the stream's start always come before the crash
# (the first records may or may not be reported: the server dies with them).
grep -q '"text": "streaming-server started' "$work/crash/run_upload.json" &&
  grep -q '"kind": "start"' "$work/crash/run_upload.json" ||
  fail "the crashed scenario's report keeps the events before the crash"
grep -q 'upload_segfaults: an invalid record; crashing now' "$work/crash/run_upload.json" ||
  fail "the crashed scenario's report keeps the last lines the process wrote"

# A hang: the chat handler spins forever in OnReadDone. The run is bounded
# by --timeout plus the child's grace, and its process group is killed.
start=$(date +%s)
out=$(timeout 120 setsid bash -c "$session" "$work/sid.hang" \
  "$spins" --timeout 3s --report-dir "$work/hang" scenarios/run_chat.yaml scenarios/upload_bad5.yaml 2>&1)
rc=$?
elapsed=$(($(date +%s) - start))
echo "$out"
[[ $rc -eq 1 ]] || fail "hang run exited $rc, want 1"
grep -Eq 'error: +timed out after 3s' <<<"$out" || fail "the hang is named with its cap"
grep -Eq '^PASS upload_bad5 ' <<<"$out" || fail "the next scenario still runs and passes"
# 3s cap + 2s grace for the hung scenario, plus the other one: a generous
# bound that still proves the cap held (without it: 10s and more).
((elapsed < 30)) || fail "the run took ${elapsed}s"
[[ -f "$work/hang/run_chat.json" ]] || fail "the hung scenario's report is written"

# --in-process turns isolation off (for a debugger): the same scenarios run
# in labrun's own process, so the crash takes labrun down with it. A passing
# scenario runs the same either way.
out=$(timeout 60 "$segfaults" --in-process --report-dir "$work/inproc" scenarios/upload_empty.yaml 2>&1)
rc=$?
[[ $rc -eq 0 ]] && grep -Eq '^PASS upload_empty ' <<<"$out" || fail "--in-process: upload_empty should pass: $out"
timeout 60 "$segfaults" --in-process --report-dir "$work/inproc-crash" scenarios/run_upload.yaml \
  >/dev/null 2>&1
rc=$?
((rc == 139 || rc == 128 + 11)) || fail "--in-process: the crash should take labrun down (SIGSEGV), exit $rc"

# Never a lost report: the crashed and the timed-out scenarios' reports are
# whole (they parse and match the schemas, like a passing run's), and no
# temporary file of the write-then-rename is left behind.
/usr/bin/python3 tests/runner/validate_reports.py docs "$work/crash" "$work/hang" ||
  fail "the crashed or hung run's reports do not match the schemas"
left_tmp=$(find "$work/crash" "$work/hang" -name '*.tmp*' 2>/dev/null)
[[ -z $left_tmp ]] || fail "temporary report files left: $left_tmp"

# Nothing left running: no process of either labrun's session.
for name in crash hang; do
  sid=$(cat "$work/sid.$name" 2>/dev/null) || { fail "no session id for $name"; continue; }
  left=$(ps -o pid=,args= -s "$sid" 2>/dev/null)
  [[ -z $left ]] || fail "processes of the $name run left running: $left"
done

echo "isolation_test: $failures failure(s)"
[[ $failures -eq 0 ]]
