#!/usr/bin/env bash
# One known-bad variant against the scenarios: labrun-VARIANT must fail
# (exit 1), and the scenarios that catch the mistake must fail with the
# symptom a student would recognise. The variants: core/server/known_bad/;
# the table of what catches what: docs/grading.md.
#
# usage: known_bad_test.sh VARIANT LABRUN WORK_DIR   (run from the source dir)
set -u
variant=$1
labrun=$2
work=$3
rm -rf "$work" && mkdir -p "$work"

# Each variant runs only the scenarios of its RPC (--filter) and lists the
# catches it must show: "SCENARIO|REGEX", REGEX an extended regex that must
# match a line of that scenario's FAIL block.
case $variant in
  subscribe_ignores_cancel)
    filter='^(run_subscribe|subscribe_.*|two_screens|server_restart)$'
    catches=(
      'subscribe_ctrl_c|within: screen cancel #1 -> log /subscribe ended: client gone/'
      'subscribe_ctrl_c|log /subscribe ended: client gone/ #1 never happened|took [0-9.]+ms, outside max 500ms'
      'subscribe_ctrl_c|server log line\(s\) matching /subscribe send failed/, saw 1'
      'subscribe_deadline|timed out after 2s waiting for 1 server log line\(s\) matching /subscribe ended: client gone/ \(saw 0\)'
    ) ;;
  subscribe_ignores_limit)
    filter='^(run_subscribe|subscribe_.*|two_screens|server_restart)$'
    catches=(
      'run_subscribe|timed out after 12s waiting for stream screen to end'
      'run_subscribe|received: expected 5, got [0-9]+'
      'run_subscribe|matching /\^subscribe ended: limit reached sent=5\$/, saw 0'
      'two_screens|timed out after 5s waiting for stream all to end'
    ) ;;
  upload_strict)
    filter='^(run_upload|upload_.*)$'
    catches=(
      'run_upload|status: expected OK, got INVALID_ARGUMENT \("invalid record 1"\)'
      'run_upload|summary: expected one, but the upload ended INVALID_ARGUMENT and got no summary'
      'upload_bad5|status: expected OK, got INVALID_ARGUMENT'
    ) ;;
  upload_forgets_rejected)
    filter='^(run_upload|upload_.*)$'
    catches=(
      'run_upload|summary\.rejected: expected 3, got 0'
      'upload_bad5|summary\.rejected: expected 5, got 0'
    ) ;;
  chat_ignores_close_send)
    filter='^(run_chat|bidi_.*|chat_.*)$'
    catches=(
      'run_chat|timed out after 10s waiting for stream chat to end'
      'run_chat|matching /\^chat ended: client closed send\$/, saw 0'
      'chat_empty_stream|timed out after 10s waiting for stream chat to end'
      'chat_echo_while_sending|timed out after 3s waiting for stream chat to end'
    ) ;;
  chat_read_all_then_echo)
    filter='^(run_chat|bidi_.*|chat_.*)$'
    catches=(
      'chat_echo_while_sending|timed out after 3s waiting for stream chat to receive 1 messages \(it received 0\)'
      'chat_forgot_close_send|received: expected 2, got 0'
    ) ;;
  upload_segfaults)  # a crash fixture (isolation): see also isolation_test.sh
    filter='^(run_upload|upload_.*)$'
    catches=(
      'run_upload|error: +crashed: SIGSEGV'
      'upload_bad5|error: +crashed: SIGSEGV'
    ) ;;
  chat_spins)  # a hang fixture (isolation): see also isolation_test.sh
    filter='^(run_chat|chat_empty_stream)$'
    catches=(
      'run_chat|error: +timed out after 10s'
    ) ;;
  *)
    echo "known_bad_test: no catches listed for variant \"$variant\"; add them here"
    exit 1 ;;
esac

out=$(timeout 120 "$labrun" --jobs 4 --filter "$filter" --report-dir "$work" scenarios/ 2>&1)
rc=$?
echo "$out"
echo "----"
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

[[ $rc -eq 1 ]] || fail "labrun-$variant exited $rc, want 1 (some scenario failed)"

# The lines of one scenario's result: from "FAIL NAME" to the next verdict.
block() {
  awk -v name="$1" '
    /^(PASS|FAIL|FLAKY) / { inside = ($1 == "FAIL" && $2 == name) }
    /^[0-9]+ passed, [0-9]+ failed$/ { inside = 0 }
    inside' <<<"$out"
}

for catch in "${catches[@]}"; do
  scenario=${catch%%|*}
  pattern=${catch#*|}
  text=$(block "$scenario")
  if [[ -z $text ]]; then
    fail "$scenario should FAIL against $variant, but it did not"
  elif ! grep -Eq -- "$pattern" <<<"$text"; then
    fail "$scenario failed, but without the symptom /$pattern/"
  fi
done

echo "known_bad_test $variant: $failures failure(s)"
[[ $failures -eq 0 ]]
