#!/usr/bin/env bash
# `make load`: streaming-load against our streaming-server, other servers,
# or both side by side. Arguments go to streaming-load.
#
#   BIN=build/bin scripts/load.sh [streaming-load flags]
#     starts our streaming-server on a free port of 127.0.0.1 with
#     --echo-delay=0 --tick=$LOAD_TICK (10ms), measures it, stops it.
#   ADDR="host:port [host:port...]" ...
#     measures those servers instead (each must run with echo delay 0 and a
#     small tick); OURS=1 starts ours too and puts it in the first column.
#   GO=1 ...
#     also starts the lesson's Go server (build/bin/lesson-server-go, on
#     grpc-go) with the same settings, in the next column: `make
#     load-vs-go`. ROUNDS=N measures N times in a row (one run of
#     streaming-load each, both servers side by side in each), and the
#     machine's load average is printed before and after.
#
# Exits with streaming-load's status.
set -euo pipefail

BIN=${BIN:-build/bin}
ADDR=${ADDR:-}
OURS=${OURS:-}
GO=${GO:-}
ROUNDS=${ROUNDS:-1}
LOAD_TICK=${LOAD_TICK:-10ms}

addrs=()
server_pid=
go_pid=
log=
go_log=
stop_server() {
  for pid in $server_pid $go_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ -n "$log" ]] && rm -f "$log"
  [[ -n "$go_log" ]] && rm -f "$go_log"
}
trap stop_server EXIT

if [[ -z "$ADDR" || -n "$OURS" ]]; then
  log=$(mktemp)
  "$BIN/streaming-server" --addr 127.0.0.1:0 --echo-delay=0 --tick="$LOAD_TICK" 2>"$log" &
  server_pid=$!
  ours=
  for _ in $(seq 100); do
    ours=$(grep -a -o -m1 'streaming-server started addr=[^ ]*' "$log" | sed 's/.*addr=//' || true)
    [[ -n "$ours" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$ours" ]]; then
    echo "load: streaming-server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "load: our streaming-server at $ours (pid $server_pid, --echo-delay=0 --tick=$LOAD_TICK)" >&2
  addrs+=(--addr "$ours")
fi
if [[ -n "$GO" ]]; then
  if [[ ! -x "$BIN/lesson-server-go" ]]; then
    echo "load: $BIN/lesson-server-go is not built (configure with -DBREW_GO=ON)" >&2
    exit 1
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  go_log=$(mktemp)
  "$BIN/lesson-server-go" -addr "127.0.0.1:$port" -echo-delay=0 -tick="$LOAD_TICK" 2>"$go_log" &
  go_pid=$!
  for _ in $(seq 100); do
    grep -a -q 'started' "$go_log" && break
    kill -0 "$go_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -a -q 'started' "$go_log"; then
    echo "load: lesson-server-go did not start:" >&2
    cat "$go_log" >&2
    exit 1
  fi
  echo "load: the lesson's Go server at 127.0.0.1:$port (pid $go_pid, -echo-delay=0 -tick=$LOAD_TICK)" >&2
  addrs+=(--addr "127.0.0.1:$port")
fi
for a in $ADDR; do
  addrs+=(--addr "$a")
done
# The servers this script started tick at $LOAD_TICK: skipped ticks are
# counted against it (servers of ADDR alone: streaming-load infers theirs).
tick_arg=()
[[ -n "$server_pid$go_pid" && -z "$ADDR" ]] && tick_arg=(--tick "$LOAD_TICK")

status=0
echo "load: nproc $(nproc), load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$ROUNDS"); do
  [[ "$ROUNDS" -gt 1 ]] && echo "load: round $round of $ROUNDS" >&2
  "$BIN/streaming-load" "${addrs[@]}" "${tick_arg[@]}" "$@" || status=$?
done
echo "load: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
