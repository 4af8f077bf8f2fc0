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

# Usage errors: exit 2, one line naming the flag.
expect 2 '^labrun: .*--jobs' -- --jobs 0 scenarios/
expect 2 '^labrun: --filter: bad regex' -- --filter '(' scenarios/
expect 2 '^labrun: --filter "nomatch" matches no scenario' -- --filter nomatch scenarios/
expect 2 '^labrun: .*--bogus' -- --bogus scenarios/
expect 2 'no-such-dir' -- no-such-dir/

# --list runs nothing and shows names and descriptions.
expect 0 '^bidi_divergence  \(scenarios/bidi_divergence\.yaml, 2 points\)' -- --list scenarios/
grep -q "two directions are independent" <<<"$last_output" || fail "--list shows descriptions"

# A failing scenario: exit 1, the failure explained, reports written.
expect 1 '^FAIL fails_on_purpose ' -- --report-dir "$work/failing" tests/data/failing/
grep -q '^0 passed, 1 failed$' <<<"$last_output" || fail "totals line: $last_output"
grep -q 'summary.rejected: expected 2, got 1' <<<"$last_output" || fail "explains the summary: $last_output"
grep -q 'timed out after 300ms waiting for stream c to receive 2 messages (it received 1)' \
  <<<"$last_output" || fail "explains the wait: $last_output"
[[ -f "$work/failing/index.json" && -f "$work/failing/fails_on_purpose.json" ]] || fail "reports written"

# --filter and --jobs: a passing subset, in parallel.
expect 0 '^2 passed, 0 failed$' -- --report-dir "$work/subset" --jobs 2 --filter '^upload_(bad5|empty)$' scenarios/

# Every report written here is valid against the schemas.
/usr/bin/python3 "$src/tests/runner/validate_reports.py" "$src/docs" "$work/failing" "$work/subset" ||
  fail "reports do not match the schema"

echo "labrun_cli_test: $failures failure(s)"
[[ $failures -eq 0 ]]
