#!/usr/bin/env bash
# labrun as a program: exit codes, error lines, --list, --filter, reports.
# usage: labrun_cli_test.sh LABRUN SOURCE_DIR WORK_DIR
set -u
labrun=$1
src=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0

fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

# expect CODE OUTPUT_REGEX -- labrun args...: exit code and a line of output.
expect() {
  local code=$1 pattern=$2
  shift 3
  local out rc
  out=$(timeout 120 "$labrun" "$@" 2>&1)
  rc=$?
  [[ $rc -eq $code ]] || fail "labrun $*: exit $rc, want $code; output:"$'\n'"$out"
  grep -Eq -- "$pattern" <<<"$out" || fail "labrun $*: no line matching /$pattern/ in:"$'\n'"$out"
  last_output=$out
}

# An invalid scenario: every problem as FILE:LINE:COLUMN, exit 2, nothing run.
expect 2 '^tests/data/invalid/bad_duration_unit\.yaml:[0-9]+:[0-9]+: .*"10sm"' -- \
  --report-dir "$work/invalid" tests/data/invalid/bad_duration_unit.yaml tests/data/invalid/nth_zero.yaml
grep -Eq '^tests/data/invalid/nth_zero\.yaml:[0-9]+:[0-9]+: ' <<<"$last_output" ||
  fail "both files' problems are reported: $last_output"
grep -q 'nothing was run' <<<"$last_output" || fail "says nothing ran"
[[ ! -e "$work/invalid/index.json" ]] || fail "an invalid run wrote reports"

# A directory of invalid files: each reported, exit 2.
expect 2 'invalid/yaml_syntax\.yaml:[0-9]+:[0-9]+: ' -- --report-dir "$work/x" tests/data/invalid/

# usage_error REGEX -- args...: exit 2 and exactly one line, matching REGEX.
usage_error() {
  expect 2 "$@"
  [[ $(wc -l <<<"$last_output") -eq 1 ]] ||
    fail "usage error must be one line, got:"$'\n'"$last_output"
}

# Usage errors: exit 2, one line naming the flag.
usage_error '^labrun: .*--jobs' -- --jobs 0 scenarios/
usage_error '^labrun: --filter: bad regex' -- --filter '(' scenarios/
# --filter goes through the loader's regex checks (runner/scenario/regex_check.h):
# std::regex would overflow on the first and take seconds on the second.
usage_error '^labrun: --filter: the regex has a number of more than 9 digits' -- \
  --filter 'a{0000018446744073709551061,' scenarios/
usage_error '^labrun: --filter: .*too long' -- --filter "$(printf 'a%.0s' $(seq 2000))" scenarios/
usage_error '^labrun: --filter: the regex is too complex' -- --filter '((a{1000}){1000}){1000}' scenarios/
usage_error '^labrun: --filter: "nomatch" matches no scenario' -- --filter nomatch scenarios/
usage_error '^labrun: --shard: ' -- --shard 3/2 scenarios/
usage_error '^labrun: --timeout: ' -- --timeout 10sm scenarios/
usage_error '^labrun: --server-log: goes with --target' -- --server-log x.log scenarios/
usage_error '^labrun: .*--bogus' -- --bogus scenarios/
usage_error '^labrun: --kafka: want HOST:PORT of a Kafka broker' -- --kafka nohost scenarios/
expect 2 '^no-such-dir/: no such file or directory$' -- no-such-dir/

# --list runs nothing and shows names and descriptions.
expect 0 '^bidi_divergence  \(scenarios/bidi_divergence\.yaml, 2 points\)' -- --list scenarios/
grep -q "two directions are independent" <<<"$last_output" || fail "--list shows descriptions"

# The authoring features (text references, close_send, one stream's client
# lines, gaps) pass end to end against the real server.
expect 0 '^PASS authoring ' -- --report-dir "$work/authoring" tests/data/valid/authoring.yaml

# A failing scenario: exit 1, the failure explained, reports written.
expect 1 '^FAIL fails_on_purpose ' -- --report-dir "$work/failing" tests/data/failing/
grep -q '^0 passed, 1 failed$' <<<"$last_output" || fail "totals line: $last_output"
grep -q 'summary.rejected: expected 0, got 1' <<<"$last_output" || fail "explains the summary: $last_output"
grep -q 'timed out after 300ms waiting for stream c to receive 2 messages (it received 1)' \
  <<<"$last_output" || fail "explains the wait: $last_output"
[[ -f "$work/failing/index.json" && -f "$work/failing/fails_on_purpose.json" ]] || fail "reports written"

# --filter and --jobs: a passing subset, in parallel.
expect 0 '^2 passed, 0 failed$' -- --report-dir "$work/subset" --jobs 2 --filter '^upload_(bad5|empty)$' scenarios/

# Grading outputs: JUnit XML that parses, Gradescope's results.json, the score.
expect 1 '^score: 0/1$' -- --report-dir "$work/graded" --junit "$work/junit.xml" \
  --results "$work/results.json" tests/data/failing/
/usr/bin/python3 - "$work/junit.xml" "$work/results.json" <<'PY' || fail "grading files"
import json, sys, xml.etree.ElementTree as ET
suites = ET.parse(sys.argv[1]).getroot()
assert suites.get("failures") == "1", suites.attrib
case = suites.find("testsuite/testcase")
assert case.get("name") == "fails_on_purpose"
assert "summary.rejected: expected 0, got 1" in case.find("failure").text
results = json.load(open(sys.argv[2]))
assert results["score"] == 0 and results["tests"][0]["status"] == "failed", results
PY

# --prairielearn, --summary-md and $GITHUB_STEP_SUMMARY, end to end: each
# file names the failing scenario; the summary is appended, never replaced.
echo "earlier step" >"$work/gh-summary.md"
GITHUB_STEP_SUMMARY="$work/gh-summary.md" expect 1 '^score: 0/1$' -- --report-dir "$work/graded2" \
  --prairielearn "$work/pl.json" tests/data/failing/
expect 1 '^score: 0/1$' -- --report-dir "$work/graded3" --summary-md "$work/own-summary.md" \
  tests/data/failing/
/usr/bin/python3 - "$work/pl.json" <<'PY' || fail "PrairieLearn results"
import json, sys
pl = json.load(open(sys.argv[1]))
assert pl["score"] == 0 and pl["tests"][0]["name"].startswith("fails_on_purpose"), pl
PY
head -1 "$work/gh-summary.md" | grep -q '^earlier step$' || fail "GITHUB_STEP_SUMMARY was replaced, not appended"
grep -q 'fails_on_purpose' "$work/gh-summary.md" || fail "GITHUB_STEP_SUMMARY has no summary"
grep -q 'fails_on_purpose' "$work/own-summary.md" || fail "--summary-md has no summary"

# A report that cannot be written: the run still finishes, the others are
# written, one line says which, and the exit code is 3.
expect 3 '^labrun: cannot write .*/no-such-dir/junit\.xml$' -- --report-dir "$work/unwritable" \
  --junit "$work/no-such-dir/junit.xml" scenarios/upload_empty.yaml
grep -q '^PASS upload_empty' <<<"$last_output" || fail "the run went on: $last_output"
[[ -f "$work/unwritable/index.json" ]] || fail "the other reports were written"

# --shard: the slices of a run cover every scenario exactly once.
all=$("$labrun" --list scenarios/) || fail "--list exits $?"
all=$(grep -v '^ ' <<<"$all" | sort)
slices=$(for i in 1 2 3; do "$labrun" --shard "$i/3" --list scenarios/ || echo "exit $?"; done)
slices=$(grep -v '^ ' <<<"$slices" | sort)
[[ "$all" == "$slices" ]] || fail "--shard 1/3, 2/3, 3/3 do not cover the scenarios once each"

# --target: a server someone else runs. Without its log, the log checks are
# skipped (never passed); with --server-log they are checked.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$(dirname "$labrun")/streaming-server" --addr "127.0.0.1:$port" --tick 100ms --echo-delay 20ms \
  2>"$work/target.log" &
server_pid=$!
# Waits (up to 10 s) for a line of the target's log to contain $1.
wait_for_target_log() {
  for _ in $(seq 100); do grep -q -- "$1" "$work/target.log" 2>/dev/null && return; sleep 0.1; done
}
wait_for_target_log 'streaming-server started'
expect 0 '^PASS upload_bad5' -- --report-dir "$work/target" --target "127.0.0.1:$port" scenarios/upload_bad5.yaml
grep -Eq '^  skipped:  log .*upload ended' <<<"$last_output" || fail "the console names the skipped check"
/usr/bin/python3 - "$work/target/upload_bad5.json" <<'PY' || fail "log check not reported as skipped"
import json, sys
checks = json.load(open(sys.argv[1]))["expectations"]
log = [c for c in checks if c["expect"].startswith("log ")][0]
assert log.get("skipped") is True and log["passed"] is False, log
assert log["detail"].startswith("skipped: needs the server"), log
PY
# The first run's own "upload ended" line is logged when the server's
# handler is done, which can be just after that labrun exits: wait for it,
# or the next run would count it as its own.
wait_for_target_log 'upload ended received=20'
expect 0 '^PASS upload_bad5' -- --report-dir "$work/target-log" --target "127.0.0.1:$port" \
  --server-log "$work/target.log" scenarios/upload_bad5.yaml
grep -q '"detail": "1 server log line(s) matching' "$work/target-log/upload_bad5.json" ||
  fail "log check not made from --server-log: $(grep '"detail": "[0-9]* server log' "$work/target-log/upload_bad5.json")"
# A scenario that needs settings the target does not run with is a SKIP:
# never run, out of the score, exit 0. The settings come from the start
# line in --server-log (tick=100ms here), or from --target-config.
expect 0 '^SKIP run_subscribe  needs tick=1s; the server runs tick=100ms \(its start line in ' -- \
  --report-dir "$work/target-skip" --target "127.0.0.1:$port" --server-log "$work/target.log" \
  scenarios/run_subscribe.yaml
grep -q '^score: 0/0$' <<<"$last_output" || fail "a SKIP is out of the maximum score"
grep -q '^0 passed, 0 failed, 1 skipped$' <<<"$last_output" || fail "the totals count the SKIP"
expect 0 '^SKIP server_restart  needs tick=100ms; the server runs tick=5s \(--target-config tick=5s\)' -- \
  --report-dir "$work/target-skip" --target "127.0.0.1:$port" --target-config tick=5s \
  scenarios/server_restart.yaml
expect 0 '^SKIP server_restart  needs labrun to stop and start the server' -- \
  --report-dir "$work/target-skip" --target "127.0.0.1:$port" --target-config tick=100ms \
  scenarios/server_restart.yaml
kill "$server_pid"; wait "$server_pid" 2>/dev/null
expect 2 '^labrun: --target-config: "tick=fast": ' -- --target 127.0.0.1:1 --target-config tick=fast scenarios/
expect 2 '^labrun: --target-config: "speed=1s" is not tick=D' -- --target 127.0.0.1:1 --target-config speed=1s scenarios/
expect 2 '^labrun: --target-config: goes with --target' -- --target-config tick=1s scenarios/
expect 2 '^labrun: --server-extensions: goes with --server-cmd or --target' -- --server-extensions scenarios/

# Every report written here is valid against the schemas.
/usr/bin/python3 "$src/tests/runner/validate_reports.py" "$src/docs" "$work/failing" "$work/subset" \
  "$work/graded" "$work/target" "$work/target-skip" || fail "reports do not match the schema"

# ---------------------------------------------------------------------------
# Hostile scenario files (issue 7): labrun itself -- not just the loader --
# answers each with exactly one FILE: error line plus the "nothing was run"
# line, and exit 2; never a crash, a sanitizer report or a hang (each run is
# capped at 30 s; a timeout exits 124 and fails the check).
hostile() {  # hostile WHAT ERROR_REGEX -- labrun args...
  local what=$1 pattern=$2
  shift 3
  local out rc
  out=$(timeout 30 "$labrun" --report-dir "$work/hostile-reports" "$@" 2>&1)
  rc=$?
  [[ $rc -eq 2 ]] || fail "hostile $what: exit $rc, want 2; output:"$'\n'"$out"
  [[ $(grep -Ec -- "$pattern" <<<"$out") -eq 1 ]] ||
    fail "hostile $what: not one line matching /$pattern/ in:"$'\n'"$out"
  [[ $(wc -l <<<"$out") -eq 2 ]] && grep -q '^labrun: 1 problem(s); nothing was run$' <<<"$out" ||
    fail "hostile $what: want the error line and the summary line only, got:"$'\n'"$out"
  [[ ! -e "$work/hostile-reports" ]] || fail "hostile $what: reports were written"
}
hw=$work/hostile
mkdir -p "$hw"

# A 1 TiB file (sparse: no disk used): refused by its size (stat) without
# being read. Reading it would take many minutes, so a labrun that read it
# would hit hostile()'s 30 s timeout -- a hang guard, not a speed bound.
truncate -s 1T "$hw/huge.yaml"
hostile "1 TiB file" "^$hw/huge\.yaml: file is too large \(1099511627776 bytes; limit 1 MiB\)$" -- "$hw/huge.yaml"
rm -f "$hw/huge.yaml"

# 100000 levels of flow lists: rejected at level 65, before any node is built.
{ printf 'name: deep\nsteps: '; head -c 100000 /dev/zero | tr '\0' '['; echo; } >"$hw/deep.yaml"
hostile "deep nesting" "^$hw/deep\.yaml:2:[0-9]+: YAML nesting is too deep" -- "$hw/deep.yaml"

# Latin-1, not UTF-8.
printf 'name: caf\xe9\nsteps:\n  - upload: {id: a}\n' >"$hw/latin1.yaml"
hostile "not UTF-8" "^$hw/latin1\.yaml:1:10: file is not valid UTF-8 at line 1 column 10" -- "$hw/latin1.yaml"

# A directory loop: loop -> . (listing is not recursive, so it is not followed
# forever) and a *.yaml symlink to itself; through the loop too.
mkdir -p "$hw/loopdir"
ln -s . "$hw/loopdir/loop"
ln -s self.yaml "$hw/loopdir/self.yaml"
hostile "directory loop" "^$hw/loopdir/self\.yaml: cannot read the file: Too many levels of symbolic links$" -- "$hw/loopdir"
hostile "directory loop, through it" \
  "^$hw/loopdir/loop/loop/loop/self\.yaml: cannot read the file: Too many levels of symbolic links$" -- \
  "$hw/loopdir/loop/loop/loop/"

# A FIFO, named and found in a directory: refused without being opened (an
# open would block forever with no writer).
mkdir -p "$hw/fifodir"
mkfifo "$hw/fifodir/pipe.yaml"
hostile "FIFO" "^$hw/fifodir/pipe\.yaml: is not a regular file$" -- "$hw/fifodir/pipe.yaml"
hostile "FIFO in a directory" "^$hw/fifodir/pipe\.yaml: is not a regular file$" -- "$hw/fifodir"

# A count over the documented limit (100000).
sed 's/count: 20, bad: 5/count: 100001, bad: 5/' "$src/scenarios/upload_bad5.yaml" >"$hw/count.yaml"
hostile "count over the limit" "^$hw/count\.yaml:[0-9]+:[0-9]+: \"count\" is 100001, above the limit of 100000$" -- \
  "$hw/count.yaml"
# --- end of hostile scenario files -----------------------------------------

echo "labrun_cli_test: $failures failure(s)"
[[ $failures -eq 0 ]]
