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
#
# Exits with streaming-load's status.
set -euo pipefail

BIN=${BIN:-build/bin}
ADDR=${ADDR:-}
OURS=${OURS:-}
LOAD_TICK=${LOAD_TICK:-10ms}

addrs=()
server_pid=
log=
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  [[ -n "$log" ]] && rm -f "$log"
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
for a in $ADDR; do
  addrs+=(--addr "$a")
done

status=0
"$BIN/streaming-load" "${addrs[@]}" "$@" || status=$?
exit "$status"
