#!/usr/bin/env bash
# Grading truth: a correct server of the lesson, in any language, scores full
# marks. Here the lesson's own server in Go (tests/go/lessonserver/), graded
# as a grader would grade a student's: through --server-cmd, and as a
# running --target with its log. Every scenario passes or is a SKIP for
# an extension of brewlab's that the Go server does not have (the read
# delay of the slow-reader scenarios, and the Kafka side), and nothing
# fails.
#
# usage: grading_truth_test.sh LABRUN GO_SERVER LOG_STYLE WORK_DIR   (from the source dir)
set -u
source tests/grading/totals.sh
labrun=$1
go_server=$2
style=$3
work=$4
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}

# The scenarios that need brewlab's extensions, and so are SKIPs here.
want_skips='kafka_broker_down kafka_consumer_restart kafka_durability kafka_fanout kafka_replay subscribe_slow_client upload_slow_reader'
# As a --target at the lesson's defaults (tick 1s, echo delay 200ms) also
# those that need other settings, or labrun to restart the server.
want_target_skips="$want_skips chat_app_acks chat_cancel_after_first_echo chat_echo_while_sending
  chat_forgot_close_send server_restart subscribe_deadline two_screens"

check_run() {  # what, exit code, output, the SKIPs it must have
  local what=$1 rc=$2 out=$3 skips=$4
  echo "$out"
  echo "---- ($what)"
  [[ $rc -eq 0 ]] || fail "$what: labrun exited $rc, want 0"
  grep -E '^(FAIL|FLAKY) ' <<<"$out" | while read -r line; do echo "FAILED: $what: $line"; done
  grep -Eq '^(FAIL|FLAKY) ' <<<"$out" && failures=$((failures + 1))
  # Exactly these SKIPs, every other scenario passed, full marks (totals.sh).
  check_totals "$what" "$out" '^' "$skips" ''
}

# 1. --server-cmd: a server per scenario, with the scenario's tick and echo
#    delay (no {read_delay}: the lesson's server has no such flag).
out=$(timeout 240 "$labrun" --jobs 2 --report-dir "$work/server-cmd" \
  --server-cmd "$go_server -log $style -addr {addr} -tick {tick} -echo-delay {echo_delay}" \
  scenarios/ 2>&1)
check_run "--server-cmd" $? "$out" "$want_skips"

# 2. --target: one server at the lesson's defaults (tick 1s, echo delay
#    200ms), its settings read from its start line in --server-log. The
#    scenarios that need another tick or echo delay are SKIPs too; the rest
#    pass. One at a time, so each scenario's log lines are its own.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$go_server" -log "$style" -addr "127.0.0.1:$port" 2>"$work/target.log" &
server_pid=$!
for _ in $(seq 100); do grep -q 'streaming-server started' "$work/target.log" && break; sleep 0.1; done
out=$(timeout 240 "$labrun" --report-dir "$work/target" --target "127.0.0.1:$port" \
  --server-log "$work/target.log" scenarios/ 2>&1)
rc=$?
# restart_server under --target: a SKIP naming why (labrun cannot restart a
# server it did not start), never a FAIL -- even with the settings matching.
restart_out=$(timeout 60 "$labrun" --report-dir "$work/target-restart" --target "127.0.0.1:$port" \
  --target-config tick=100ms,echo_delay=200ms scenarios/server_restart.yaml 2>&1)
restart_rc=$?
kill "$server_pid"; wait "$server_pid" 2>/dev/null
echo "$out"
echo "---- (--target)"
echo "$restart_out"
[[ $restart_rc -eq 0 ]] || fail "--target restart: labrun exited $restart_rc, want 0 (a SKIP is not a failure)"
grep -Eq '^SKIP server_restart  needs labrun to stop and start the server' <<<"$restart_out" ||
  fail "--target: server_restart is not a SKIP naming the restart"
check_totals "--target restart" "$restart_out" '^server_restart$' 'server_restart' ''
[[ $rc -eq 0 ]] || fail "--target: labrun exited $rc, want 0"
grep -E '^(FAIL|FLAKY) ' <<<"$out" && fail "--target: some scenario failed"
grep -Eq '^PASS run_subscribe ' <<<"$out" || fail "--target: run_subscribe (the lesson's defaults) did not pass"
grep -Eq '^SKIP subscribe_deadline  needs tick=100ms; the server runs tick=1s \(its start line in ' <<<"$out" ||
  fail "--target: subscribe_deadline is not a SKIP naming the tick"
# Exactly these SKIPs (the scenarios that need another tick, echo delay or
# read delay, Kafka, or message_bytes), every other scenario passed, full marks.
check_totals "--target" "$out" '^' "$want_target_skips" ''
/usr/bin/python3 - "$work/target/run_subscribe.json" <<'PY' || fail "--target: the report does not state the server's settings"
import json, sys
server = json.load(open(sys.argv[1]))["server"]
assert server["tick_ms"] == 1000 and server["echo_delay_ms"] == 200, server
PY

echo "grading_truth_test ($style): $failures failure(s)"
[[ $failures -eq 0 ]]
