# Sourced by the grading tests (from the source dir): the exact SKIP list,
# totals line and score line that labrun must print, worked out from
# scenarios/*.yaml (a scenario's `points:`, default 1), not from labrun's
# output. So a run that drops, skips or loses a scenario cannot pass.

# want_totals ONLY SKIPS FAILS: the two lines labrun ends with, for the
# scenarios whose names match the regex ONLY, of which the space-separated
# SKIPS are a SKIP and FAILS fail.
want_totals() {
  local only=$1 skips=" $2 " fails=" $3 " f name points
  local passed=0 failed=0 skipped=0 score=0 max=0
  for f in scenarios/*.yaml; do
    name=$(basename "$f" .yaml)
    [[ $name =~ $only ]] || continue
    if [[ $skips == *" $name "* ]]; then
      skipped=$((skipped + 1))
      continue
    fi
    points=$(awk '$1 == "points:" { print $2 }' "$f")
    points=${points:-1}
    max=$((max + points))
    if [[ $fails == *" $name "* ]]; then
      failed=$((failed + 1))
    else
      passed=$((passed + 1))
      score=$((score + points))
    fi
  done
  echo "$passed passed, $failed failed$([[ $skipped -gt 0 ]] && echo ", $skipped skipped")"
  echo "score: $score/$max"
}

# check_totals WHAT OUTPUT ONLY SKIPS FAILS: the SKIP names are exactly
# SKIPS, and the totals and score lines are exactly want_totals'. Calls
# fail (defined by the caller) for each difference.
check_totals() {
  local what=$1 out=$2 only=$3 skips fails got want
  skips=$(xargs -n1 <<<"$4" | sort | xargs)  # one line, sorted
  fails=$(xargs <<<"$5")
  got=$(awk '$1 == "SKIP" { print $2 }' <<<"$out" | sort | xargs)
  want=$skips
  [[ $got == "$want" ]] || fail "$what: SKIPs were [$got], want [$want]"
  got=$(grep -E '^([0-9]+ passed, [0-9]+ failed|score: )' <<<"$out" | paste -sd ';')
  want=$(want_totals "$only" "$skips" "$fails" | paste -sd ';')
  [[ $got == "$want" ]] || fail "$what: the totals were [$got], want [$want]"
}
