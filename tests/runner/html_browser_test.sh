#!/usr/bin/env bash
# html.browser: labrun --html on two real scenarios, the page opened in
# headless Chromium (Debian's `chromium`, scripts/install-deps.sh). Checks:
# the page's script ran with no error (no "Uncaught" in Chromium's console
# log, the body's data-rendered marker set, no data-error), every scenario
# and every expectation of the JSON reports is on the page, and the
# bidi_divergence SVG has exactly one mark (class "ev") per event of its
# report; then saves a screenshot, BUILD_DIR/bidi_divergence.png.
#
#   html_browser_test.sh LABRUN SOURCE_DIR WORK_DIR BUILD_DIR
# Exits 77 (skipped) when no chromium is installed.
set -euo pipefail
labrun=$1 src=$2 work=$3 build=$4

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then
  echo "html.browser: no chromium installed (scripts/install-deps.sh installs it); skipped"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work"
cd "$src"
status=0
"$labrun" --report-dir "$work/reports" --html "$work/index.html" --trace "$work/trace.json" \
  scenarios/bidi_divergence.yaml scenarios/upload_bad5.yaml >"$work/labrun.out" || status=$?
cat "$work/labrun.out"
[[ $status -eq 0 ]] || { echo "labrun exited $status"; exit 1; }

browse() {  # browse URL ARGS...: headless Chromium with a fresh profile
  local url=$1; shift
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" "$url"
}

t0=$(date +%s.%N)
browse "file://$work/index.html" --dump-dom >"$work/dom.html" 2>"$work/dom.log"
t1=$(date +%s.%N)
rm -f "$build/bidi_divergence.png"
browse "file://$work/index.html?only=bidi_divergence" --screenshot="$build/bidi_divergence.png" \
  --window-size=1400,900 --hide-scrollbars >"$work/shot.out" 2>"$work/shot.log"
t2=$(date +%s.%N)
echo "chromium: dump-dom $(echo "$t1 - $t0" | bc)s, screenshot $(echo "$t2 - $t1" | bc)s"

if grep -E "Uncaught|CONSOLE\(.*(Error|error)" "$work/dom.log" "$work/shot.log"; then
  echo "FAIL: script errors in the console (above)"
  exit 1
fi
[[ -s "$build/bidi_divergence.png" ]] || { echo "FAIL: no screenshot at $build/bidi_divergence.png"; exit 1; }

/usr/bin/python3 - "$work" <<'PY'
import json, sys
from html.parser import HTMLParser

work = sys.argv[1]

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.body = {}
        self.section = None   # the scenario section we are in
        self.depth = 0
        self.marks = {}       # scenario -> number of class "ev" elements in its SVG
        self.indices = {}     # scenario -> set of data-i
        self.text = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag == "section" and "data-scenario" in a:
            self.section = a["data-scenario"]
            self.marks[self.section] = 0
            self.indices[self.section] = set()
        classes = (a.get("class") or "").split()
        if self.section and "ev" in classes:
            self.marks[self.section] += 1
            self.indices[self.section].add(int(a["data-i"]))
    def handle_data(self, data):
        self.text.append(data)

dom = Dom()
dom.feed(open(f"{work}/dom.html", encoding="utf-8").read())
text = "".join(dom.text)
problems = []
if "data-error" in dom.body:
    problems.append("the page's script failed: " + dom.body["data-error"])
if "data-rendered" not in dom.body:
    problems.append("the page's script did not finish (no data-rendered on <body>)")

index = json.load(open(f"{work}/reports/index.json"))
for entry in index["scenarios"]:
    report = json.load(open(f"{work}/reports/{entry['report']}"))
    name = report["scenario"]
    if name not in dom.marks:
        problems.append(f"scenario {name}: no section on the page")
        continue
    for e in report["expectations"]:
        if e["expect"] not in text:
            problems.append(f"scenario {name}: expectation not on the page: {e['expect']}")
        if not e["passed"] and e["detail"] not in text:
            problems.append(f"scenario {name}: failed expectation's detail not on the page")
    if report["description"].split()[0] not in text:
        problems.append(f"scenario {name}: description not on the page")
    n = len(report["events"])
    if dom.marks[name] != n or dom.indices[name] != set(range(n)):
        problems.append(f"scenario {name}: {dom.marks[name]} marks in its SVG for {n} events")
    print(f"{name}: {dom.marks[name]} marks for {n} events, {len(report['expectations'])} expectations on the page")

trace = json.load(open(f"{work}/trace.json"))
starts = {e["id"] for e in trace["traceEvents"] if e["ph"] == "s"}
finishes = {e["id"] for e in trace["traceEvents"] if e["ph"] == "f"}
if not starts or starts != finishes:
    problems.append(f"trace: flow starts {len(starts)} and finishes {len(finishes)} do not pair")

for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
# A dense run draws quickly: the same page with 5,200 events in one
# scenario (2,500 pings 13us apart, their echoes, 200 log lines).
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
page = open(f"{work}/index.html", encoding="utf-8").read()
tag = '<script id="labrun-data" type="application/json">'
i = page.index(tag) + len(tag)
j = page.index("</script>", i)
data = json.loads(page[i:j])
ev = [{"t_ms": round(n * 0.013, 3), "source": "client", "stream": "chat", "kind": "send", "n": n,
       "text": f"ping {n}"} for n in range(1, 2501)]
ev += [{"t_ms": round(200 + n * 0.02, 3), "source": "client", "stream": "chat", "kind": "recv",
        "n": n, "text": f"echo: ping {n}"} for n in range(1, 2501)]
ev += [{"t_ms": round(k * 1.3, 3), "source": "server", "kind": "log", "level": "INFO",
        "text": f"line {k}"} for k in range(200)]
ev.sort(key=lambda e: e["t_ms"])
data["scenarios"][0]["report"]["events"] = ev
open(f"{work}/dense.html", "w", encoding="utf-8").write(
    page[:i] + json.dumps(data).replace("<", "\\u003c") + page[j:])
PY
browse "file://$work/dense.html" --dump-dom >"$work/dense-dom.html" 2>"$work/dense.log"
drew=$(grep -o 'drew [0-9]* marks in [0-9]* ms' "$work/dense-dom.html" || true)
echo "dense page: ${drew:-nothing drawn}"
read -r marks ms < <(echo "$drew" | sed -E 's/drew ([0-9]+) marks in ([0-9]+) ms/\1 \2/')
# Every mark must be drawn; the time is reported, not asserted (a test never
# asserts speed: under a sanitizer or on a loaded machine it varies 10x).
# Only a page that takes minutes, i.e. is effectively hung, fails.
if [[ -z "$drew" || $marks -lt 5200 || $ms -ge 60000 ]]; then
  echo "FAIL: the dense page must draw all its 5,200+ marks (and not hang)"
  exit 1
fi

echo "html.browser: ok; screenshot $build/bidi_divergence.png"
