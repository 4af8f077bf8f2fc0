#!/usr/bin/env bash
# labrun --server-cmd when the program under test misbehaves: it never opens
# its port, exits before listening, dies mid-scenario, or ignores SIGTERM.
# Each fails (or finishes) only its own scenario, says why in one place,
# keeps what the program printed in the report, and leaves nothing running.
# Also --repeat end to end: a scenario that passes every time is PASS, one
# that fails every other time is FLAKY.
#
# usage: server_cmd_faults_test.sh LABRUN STREAMING_SERVER WORK_DIR  (from the source dir)
set -u
labrun=$1
server=$2
work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() {
  echo "FAILED: $*"
  failures=$((failures + 1))
}
real="$server --addr {addr} --tick {tick} --echo-delay {echo_delay} --read-delay {read_delay}"

# run NAME LABRUN_ARGS...: labrun in a session of its own (its id in
# $work/sid.NAME, to check afterwards that none of its processes is left),
# output in $out, exit code in $rc. The 120 s `timeout` only catches a hang:
# each case below ends in seconds.
session='echo $$ > "$0"; exec "$@"'
run() {
  local name=$1
  shift
  out=$(timeout 120 setsid bash -c "$session" "$work/sid.$name" \
    "$labrun" --report-dir "$work/$name" "$@" 2>&1)
  rc=$?
  echo "---- $name (exit $rc)"
  echo "$out"
}
# json_has NAME SCENARIO TEXT: the scenario's JSON report contains TEXT.
json_has() {
  grep -qF -- "$3" "$work/$1/$2.json" 2>/dev/null
}

# 1. A program that never opens its port: the scenario fails naming the
#    port and the wait (10 s), and the program is stopped.
run never_listens --server-cmd 'echo "fake server up, listening nowhere"; exec sleep 300' \
  scenarios/upload_bad5.yaml
[[ $rc -eq 1 ]] || fail "never_listens: exit $rc, want 1"
grep -Eq 'did not listen on 127\.0\.0\.1:[0-9]+ within 10s' <<<"$out" ||
  fail "never_listens: the failure names the port and the wait"
json_has never_listens upload_bad5 'fake server up, listening nowhere' ||
  fail "never_listens: the report keeps what the program printed"

# 2. A program that exits before listening: its exit code is named.
run exits_early --server-cmd 'echo "bad flag -tick" >&2; exit 3' scenarios/upload_bad5.yaml
[[ $rc -eq 1 ]] || fail "exits_early: exit $rc, want 1"
grep -Eq 'exited with code 3 before listening on 127\.0\.0\.1:[0-9]+' <<<"$out" ||
  fail "exits_early: the failure names the exit code"
json_has exits_early upload_bad5 'bad flag -tick' ||
  fail "exits_early: the report keeps the program's last lines"

# 3. A program that dies mid-scenario (SIGKILL, 1.5 s into a 5 s
#    subscription): the scenario fails saying the server process died while
#    it ran, and the report keeps the server's lines from before. Only that
#    scenario: upload_bad5, with a program of its own that lives long
#    enough, passes in the same run.
run dies --server-cmd "$real & pid=\$!; sleep 1.5; kill -9 \$pid; exit 0" \
  scenarios/run_subscribe.yaml scenarios/upload_bad5.yaml
[[ $rc -eq 1 ]] || fail "dies: exit $rc, want 1"
grep -Eq '^FAIL run_subscribe ' <<<"$out" || fail "dies: run_subscribe must FAIL"
grep -Eq '^PASS upload_bad5 ' <<<"$out" || fail "dies: upload_bad5 must still PASS"
grep -Eq 'the server process exited with code 0 while the scenario ran' <<<"$out" ||
  fail "dies: the failure says the server died during the scenario"
json_has dies run_subscribe 'subscribe started' ||
  fail "dies: the report keeps the server's lines from before its death"

# 4. A program that ignores SIGTERM: labrun's stop sends SIGTERM to its
#    process group, then SIGKILL after the grace; the scenario itself passes.
run ignores_term --server-cmd "$real & trap '' TERM; while :; do sleep 0.2; done" \
  scenarios/upload_bad5.yaml
[[ $rc -eq 0 ]] || fail "ignores_term: exit $rc, want 0 (the server worked)"
grep -Eq '^PASS upload_bad5 ' <<<"$out" || fail "ignores_term: upload_bad5 must PASS"

# 5. --repeat: a scenario that passes every time is PASS, with its runs.
run repeat_pass --repeat 3 --server-cmd "$real" scenarios/upload_bad5.yaml
[[ $rc -eq 0 ]] || fail "repeat_pass: exit $rc, want 0"
grep -Eq '^PASS upload_bad5 .*\(3 runs\)$' <<<"$out" || fail "repeat_pass: PASS, saying it ran 3 times"

# 6. --repeat: a server that works every other start makes the scenario
#    FLAKY (a failure: exit 1), with how many runs passed.
counter="$work/starts"
flip="n=\$(cat $counter 2>/dev/null || echo 0); echo \$((n+1)) > $counter; \
if [ \$((n % 2)) -eq 1 ]; then echo 'odd start: refusing' >&2; exit 4; fi; exec $real"
run repeat_flaky --repeat 4 --server-cmd "$flip" scenarios/upload_bad5.yaml
[[ $rc -eq 1 ]] || fail "repeat_flaky: exit $rc, want 1"
grep -Eq '^FLAKY upload_bad5 .*\(2 of 4 runs failed' <<<"$out" || fail "repeat_flaky: FLAKY, 2 of 4 runs failed"
grep -Eq '^1 flaky \(counted as failed\)$' <<<"$out" || fail "repeat_flaky: the totals count it"
[[ $(cat "$counter" 2>/dev/null) == 4 ]] || fail "repeat_flaky: the server was started $(cat "$counter") times, want 4"

# Nothing left running: no live process of any labrun's session. (A zombie
# is dead already: a server started in the background by `sh -c` is
# orphaned when labrun stops the shell, and init reaps it when it gets to
# it.)
for sidfile in "$work"/sid.*; do
  sid=$(cat "$sidfile")
  left=$(ps -o pid=,stat=,args= -s "$sid" 2>/dev/null | awk '$2 !~ /^Z/')
  [[ -z $left ]] || fail "processes of ${sidfile##*/sid.} left running: $left"
done

echo "server_cmd_faults_test: $failures failure(s)"
[[ $failures -eq 0 ]]
