#!/usr/bin/env bash
# One known-bad variant against every scenario: labrun must fail (exit 1),
# the scenarios that catch the mistake must fail with the symptom a student
# would recognise, and no scenario of another RPC may fail (a student is
# told about the one thing that is wrong, not four that are fine). The C++
# variants: core/server/known_bad/ (labrun-VARIANT runs them in-process);
# the Go variants: tests/go/known_bad/ (a lesson-server-go-VARIANT run
# through --server-cmd). The table of what catches what: docs/grading.md.
#
# usage: known_bad_test.sh VARIANT LABRUN WORK_DIR [GO_SERVER]   (from the source dir)
set -u
source tests/grading/totals.sh
variant=$1
labrun=$2
work=$3
go_server=${4:-}
rm -rf "$work" && mkdir -p "$work"

# Each variant lists its RPC, exactly which scenarios it fails (`fails`, as
# docs/grading.md's table says; a scenario the server cannot run is a SKIP
# and left out), and the catches it must show: "SCENARIO|REGEX", REGEX an
# extended regex that must match a line of that scenario's FAIL block. The
# Go variants use the Go names of the mistakes.
case $variant in
  subscribe_ignores_cancel|go_subscribe_ignores_context)
    rpc=subscribe
    fails='kafka_durability kafka_replay subscribe_ctrl_c subscribe_deadline subscribe_slow_client two_screens'
    catches=(
      'subscribe_ctrl_c|within: screen cancel #1 -> log /subscribe ended: client gone/'
      'subscribe_ctrl_c|log /subscribe ended: client gone/ #1 never happened|took [0-9.]+ms, outside max 500ms'
      'subscribe_ctrl_c|server log line\(s\) matching /subscribe send failed/, saw 1'
      'subscribe_deadline|timed out after 2s waiting for 1 server log line\(s\) matching /subscribe ended: client gone/ \(saw 0\)'
    ) ;;
  subscribe_ignores_limit|go_subscribe_ignores_limit)
    rpc=subscribe
    fails='run_subscribe server_restart two_screens'
    catches=(
      'run_subscribe|timed out after 12s waiting for stream screen to end'
      'run_subscribe|received: expected 5, got [0-9]+'
      'run_subscribe|matching /\^subscribe ended: limit reached sent=5\$/, saw 0'
      'two_screens|timed out after 5s waiting for stream all to end'
      'server_restart|received: expected 2, got [0-9]+'
    ) ;;
  upload_strict|go_upload_strict)
    rpc=upload
    fails='run_upload upload_bad5'
    catches=(
      'run_upload|status: expected OK, got INVALID_ARGUMENT \("invalid record 1"\)'
      'run_upload|summary: expected one, but the upload ended INVALID_ARGUMENT and got no summary'
      'upload_bad5|status: expected OK, got INVALID_ARGUMENT'
    ) ;;
  upload_forgets_rejected|go_upload_forgets_rejected)
    rpc=upload
    fails='run_upload upload_bad5'
    catches=(
      'run_upload|summary\.rejected: expected 3, got 0'
      'upload_bad5|summary\.rejected: expected 5, got 0'
    ) ;;
  chat_ignores_close_send|go_chat_ignores_eof)
    rpc=chat
    fails='bidi_divergence chat_app_acks chat_echo_while_sending chat_empty_stream run_chat'
    catches=(
      'run_chat|timed out after 10s waiting for stream chat to end'
      'run_chat|matching /\^chat ended: client closed send\$/, saw 0'
      'chat_empty_stream|timed out after 10s waiting for stream chat to end'
      'chat_echo_while_sending|timed out after 3s waiting for stream chat to end'
    ) ;;
  chat_read_all_then_echo|go_chat_read_all_then_echo)
    rpc=chat
    fails='chat_app_acks chat_echo_while_sending chat_forgot_close_send'
    catches=(
      'chat_echo_while_sending|timed out after 3s waiting for stream chat to receive 1 messages \(it received 0\)'
      'chat_forgot_close_send|received: expected 2, got 0'
    ) ;;
  upload_segfaults)  # a crash fixture (isolation): see also isolation_test.sh
    rpc=upload
    fails='run_upload upload_bad5'
    catches=(
      'run_upload|error: +crashed: SIGSEGV'
      'upload_bad5|error: +crashed: SIGSEGV'
    ) ;;
  chat_spins)  # a hang fixture (isolation): see also isolation_test.sh
    rpc=chat
    only='^(run_chat|chat_empty_stream)$'  # a hang fixture: two are enough
    fails='run_chat'  # chat_empty_stream reads no message, so never spins
    catches=(
      'run_chat|error: +timed out after 10s'
    ) ;;
  *)
    echo "known_bad_test: no catches listed for variant \"$variant\"; add them here"
    exit 1 ;;
esac

# --jobs 4 on two cores: safe only because ctest runs no other grading,
# scale or hostile test meanwhile (RESOURCE_LOCK cpu_heavy, tests/CMakeLists.txt).
args=(--jobs 4 --report-dir "$work")
[[ -n ${only:-} ]] && args+=(--filter "$only")
# The C++ variants run every scenario; the Go server lacks brewlab's
# extensions (read_delay, message_bytes, Kafka), so those are a SKIP.
want_skips=''
if [[ -n $go_server ]]; then
  args+=(--server-cmd "$go_server -addr {addr} -tick {tick} -echo-delay {echo_delay}")
  want_skips='kafka_broker_down kafka_consumer_restart kafka_durability kafka_fanout kafka_replay subscribe_slow_client upload_slow_reader'
fi
out=$(timeout 140 "$labrun" "${args[@]}" scenarios/ 2>&1)
rc=$?
echo "$out"
echo "----"
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

[[ $rc -eq 1 ]] || fail "labrun exited $rc against $variant, want 1 (some scenario failed)"

# Only scenarios of the variant's RPC may fail: a scenario belongs to an
# RPC when one of its steps opens such a stream.
while read -r verdict name _; do
  [[ $verdict == FAIL || $verdict == FLAKY ]] || continue
  grep -Eq "^[[:space:]]*- $rpc:" "scenarios/$name.yaml" ||
    fail "$name has no $rpc stream, yet it failed against $variant (a mistake in $rpc must fail only $rpc's scenarios)"
done <<<"$out"

# Exactly the scenarios of `fails` failed (less those that are a SKIP here:
# a scenario the server cannot run). A new scenario that also catches the
# mistake, or a catch lost, shows up here and in docs/grading.md's table.
skipped=" $want_skips "
want=$(for n in $fails; do [[ $skipped == *" $n "* ]] || echo "$n"; done | sort | xargs)
got=$(awk '$1 == "FAIL" || $1 == "FLAKY" { print $2 }' <<<"$out" | sort | xargs)
[[ $got == "$want" ]] || fail "against $variant these failed: [$got]; docs/grading.md says [$want]"

# Exactly these SKIPs, and the totals and score lines that follow from them
# and from `fails` (totals.sh): a run that skipped or lost scenarios fails.
check_totals "$variant" "$out" "${only:-^}" "$want_skips" "$fails"

# The lines of one scenario's result: from "FAIL NAME" to the next verdict.
block() {
  awk -v name="$1" '
    /^(PASS|FAIL|FLAKY) / { inside = ($1 == "FAIL" && $2 == name) }
    /^(SKIP) / { inside = 0 }
    /^[0-9]+ passed, [0-9]+ failed/ { inside = 0 }
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
