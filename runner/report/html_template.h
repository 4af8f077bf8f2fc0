// The page labrun --html writes (html_report.cc): inline CSS and script, no
// network. "/*LABRUN_DATA*/null" is replaced by the run's JSON. The script
// draws each scenario's timeline as SVG; every event gets exactly one
// element of class "ev" (the browser test counts them), and when it is done
// the body gets data-rendered="N" (N marks), or data-error="..." if it threw.
#pragma once

namespace brew::lab {

inline constexpr const char* kHtmlTemplate = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>labrun report</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px 24px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 4px} h2{font-size:17px;margin:0}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
.run{color:#555;margin-bottom:10px}
table.list{border-collapse:collapse;margin:6px 0 14px}
table.list td,table.list th{padding:2px 10px;text-align:left;border-bottom:1px solid #e3e3e3}
.pass{color:#17803d;font-weight:600} .fail{color:#c62828;font-weight:600} .flaky{color:#b26a00;font-weight:600} .skip{color:#777;font-weight:600}
section.sc{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:0 0 14px}
section.sc.failed{border-left:5px solid #c62828} section.sc.passed{border-left:5px solid #17803d}
.desc{color:#444;margin:4px 0 6px;max-width:110ch}
.meta{color:#666;font-size:12.5px}
ul.ex{list-style:none;padding:0;margin:4px 0 8px} ul.ex li{margin:2px 0}
ul.ex .detail{color:#555;margin-left:22px} ul.ex li.ok .detail{display:none}
.err{color:#c62828;margin:4px 0}
.tl{overflow-x:auto;border-top:1px solid #eee;padding-top:4px}
.zoom{font-size:12px;color:#555} .zoom button{font-size:11px;padding:0 6px}
svg text{font:11px system-ui,sans-serif;fill:#333} svg .axis text{fill:#777}
svg .lane{fill:#f4f6f8} svg .lanelabel{font-weight:600}
svg .ev.send{fill:#1565c0} svg .ev.recv{fill:#2e7d32} svg .ev.start{fill:#999} svg .ev.commit{fill:#6a1b9a} svg .brokerdown{fill:#c62828;fill-opacity:.12} svg .ev.kafka{fill:#6a1b9a}
svg .ev.log{fill:#ef6c00} svg .ev.cancel{stroke:#c62828;stroke-width:2.5;fill:none} svg .ev.close_send{stroke:#1565c0;stroke-width:2;fill:none}
svg .ev.done{fill:#17803d} svg .ev.done.bad{fill:#c62828}
svg .ev:hover{stroke:#000;stroke-width:1.5}
svg .pair{stroke:#90a4ae;stroke-width:.8;fill:none}
svg .grid{stroke:#e6e6e6} svg .loglabel{fill:#8a4b00;font-size:10.5px}
</style></head>
<body>
<h1>labrun report</h1>
<div class="run" id="run"></div>
<div id="list"></div>
<div id="scenarios"></div>
<p class="meta" id="status">drawing...</p>
<script id="labrun-data" type="application/json">/*LABRUN_DATA*/null</script>
<script>
"use strict";
(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  // Which events each kind of stream can have (labrun's event vocabulary).
  var streamKinds = {};
  function has(kind, event) {
    return !!streamKinds[kind] && streamKinds[kind].events.indexOf(event) >= 0;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function fmtMs(ms) {
    if (ms < 1) return (ms * 1000).toFixed(0) + "\u00b5s";
    if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)) + "ms";
    return (ms / 1000).toFixed(ms < 10000 ? 3 : 2) + "s";
  }
  // A tick step of 1, 2 or 5 x 10^k ms giving about `n` ticks over `span`.
  function niceStep(span, n) {
    var raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  }
  // Each label in the unit that suits it: 500\u00b5s, 7ms, 1.5s.
  function tickLabel(t) {
    if (t === 0) return "0";
    if (t >= 1000) return +(t / 1000).toPrecision(6) + "s";
    if (t >= 1) return +t.toPrecision(6) + "ms";
    return +(t * 1000).toPrecision(6) + "\u00b5s";
  }
  function describe(e) {
    var s = fmtMs(e.t_ms) + "  " + (e.source === "server" ? "server " + (e.level || "") + " log" :
        e.source === "kafka" ? "kafka broker" :
        e.stream + " " + e.kind + (e.n ? " #" + e.n : "") + (e.status ? " " + e.status : ""));
    return e.text ? s + "\n" + e.text : s;
  }

  // One scenario's timeline as an SVG string: a lane per stream, then the
  // server's lane; `zoom` widens the time axis.
  function timeline(rep, zoom, avail) {
    var ev = rep.events, streams = [], seen = {}, kinds = {};
    rep.streams.forEach(function (s) { kinds[s.id] = s.kind; if (!seen[s.id]) { seen[s.id] = 1; streams.push(s.id); } });
    ev.forEach(function (e) { if (e.source === "client" && e.stream && !seen[e.stream]) { seen[e.stream] = 1; streams.push(e.stream); } });
    var end = 0;
    ev.forEach(function (e) { if (e.t_ms > end) end = e.t_ms; });
    var span = Math.max(end * 1.02, 0.01);
    var left = 110, right = 24, width = Math.max(500, ((avail || 1200) - left - right) * zoom);
    var laneH = 58, axisH = 22;
    var x = function (t) { return left + t / span * width; };
    // Server log labels on up to 4 rows, each placed where it does not
    // overlap the row's previous label; the rest keep only their mark.
    var rows = [-1e9, -1e9, -1e9, -1e9], labels = [];
    ev.forEach(function (e, i) {
      if (e.source !== "server") return;
      var t = e.text.length > 48 ? e.text.slice(0, 47) + "\u2026" : e.text, px = x(e.t_ms), full = e.text;
      var w = t.length * 5.6 + 4, from = px + 3, anchor = "start";
      if (from + w > left + width + right) { from = px - 3 - w; anchor = "end"; }  // near the end: leftwards
      for (var r = 0; r < rows.length; r++) {
        if (from > rows[r] + 6) { rows[r] = from + w; labels.push([px, r, t, anchor, full]); return; }
      }
    });
    var nrows = 1;
    labels.forEach(function (l) { if (l[1] + 1 > nrows) nrows = l[1] + 1; });
    var serverH = 24 + nrows * 13;
    var H = axisH + streams.length * laneH + serverH + 6, W = left + width + right;
    var laneY = {}, out = [];
    out.push('<svg xmlns="' + SVGNS + '" width="' + W + '" height="' + H + '" class="timeline" data-scenario="' + esc(rep.scenario) + '">');
    // Axis and grid.
    var step = niceStep(span, Math.max(4, Math.round(width / 110)));
    out.push('<g class="axis">');
    for (var t = 0; t <= span + 1e-9; t += step) {
      out.push('<line class="grid" x1="' + x(t) + '" x2="' + x(t) + '" y1="' + (axisH - 4) + '" y2="' + H + '"/>');
      out.push('<text x="' + x(t) + '" y="12" text-anchor="middle">' + tickLabel(t) + '</text>');
    }
    out.push('</g>');
    streams.forEach(function (id, k) {
      var y = axisH + k * laneH; laneY[id] = y;
      out.push('<rect class="lane" x="' + left + '" y="' + (y + 2) + '" width="' + width + '" height="' + (laneH - 4) + '"/>');
      out.push('<text class="lanelabel" x="4" y="' + (y + 16) + '">' + esc(id) + '</text>');
      out.push('<text x="4" y="' + (y + 30) + '">' + esc(kinds[id] ? kinds[id] + " stream" : "stream") + '</text>');
      out.push('<text x="4" y="' + (y + 44) + '" fill="#777">' + (has(kinds[id], "commit") ? "\u2191commit \u2193recv" : "\u2191send \u2193recv") + '</text>');
    });
    var sy = axisH + streams.length * laneH;
    out.push('<rect class="lane" x="' + left + '" y="' + (sy + 2) + '" width="' + width + '" height="' + (serverH - 4) + '"/>');
    out.push('<text class="lanelabel" x="4" y="' + (sy + 16) + '">server</text>');
    out.push('<text x="4" y="' + (sy + 29) + '">log lines</text>');
    // Lines from each chat ping (send #n) to its echo (recv #n).
    var sends = {};
    ev.forEach(function (e) { if (e.kind === "send" && kinds[e.stream] === "chat") sends[e.stream + "#" + e.n] = e; });
    out.push('<g>');
    ev.forEach(function (e) {
      if (e.kind !== "recv" || kinds[e.stream] !== "chat") return;
      var s = sends[e.stream + "#" + e.n];
      if (!s) return;
      var y = laneY[e.stream];
      out.push('<line class="pair" x1="' + x(s.t_ms) + '" y1="' + (y + 18) + '" x2="' + x(e.t_ms) + '" y2="' + (y + 42) + '"/>');
    });
    out.push('</g>');
    // The Kafka broker's down time (kafka_down): a band over every lane,
    // from "broker down" to the next "broker up" (or the end).
    var downAt = null;
    ev.forEach(function (e) {
      if (e.source !== "kafka") return;
      if (e.text.indexOf("broker down") === 0) downAt = e.t_ms;
      else if (e.text.indexOf("broker up") === 0 && downAt !== null) {
        out.push('<rect class="brokerdown" x="' + x(downAt) + '" y="' + axisH + '" width="' + Math.max(1, x(e.t_ms) - x(downAt)) + '" height="' + (H - axisH) + '"><title>Kafka broker down ' + fmtMs(downAt) + ' to ' + fmtMs(e.t_ms) + '</title></rect>');
        downAt = null;
      }
    });
    if (downAt !== null) out.push('<rect class="brokerdown" x="' + x(downAt) + '" y="' + axisH + '" width="' + Math.max(1, left + width - x(downAt)) + '" height="' + (H - axisH) + '"/>');
    // One mark (class "ev") per event.
    ev.forEach(function (e, i) {
      var px = x(e.t_ms), tip = '<title>' + esc(describe(e)) + '</title>', a = ' data-i="' + i + '"';
      if (e.source === "kafka") {  // the broker's own events, on the server's lane
        out.push('<rect class="ev kafka"' + a + ' x="' + (px - 1.5) + '" y="' + (sy + 4) + '" width="3" height="12">' + tip + '</rect>');
        return;
      }
      if (e.source === "server") {
        out.push('<rect class="ev log"' + a + ' x="' + (px - 1.5) + '" y="' + (sy + 4) + '" width="3" height="12">' + tip + '</rect>');
        return;
      }
      var y = laneY[e.stream];
      if (e.kind === "send") out.push('<rect class="ev send"' + a + ' x="' + (px - 1.5) + '" y="' + (y + 5) + '" width="3" height="13">' + tip + '</rect>');
      else if (e.kind === "commit") out.push('<rect class="ev commit"' + a + ' x="' + (px - 1.5) + '" y="' + (y + 5) + '" width="3" height="13">' + tip + '</rect>');
      else if (e.kind === "recv") out.push('<rect class="ev recv"' + a + ' x="' + (px - 1.5) + '" y="' + (y + 42) + '" width="3" height="13">' + tip + '</rect>');
      else if (e.kind === "start") out.push('<circle class="ev start"' + a + ' cx="' + px + '" cy="' + (y + 29) + '" r="4">' + tip + '</circle>');
      else if (e.kind === "cancel") out.push('<path class="ev cancel"' + a + ' d="M' + (px - 5) + ' ' + (y + 24) + 'l10 10m0 -10l-10 10">' + tip + '</path>');
      // close_send: a bracket that closes the send row ("]"), where the sends end.
      else if (e.kind === "close_send") out.push('<path class="ev close_send"' + a + ' d="M' + (px - 3) + ' ' + (y + 2) + 'h4v19h-4">' + tip + '</path>');
      else if (e.kind === "done") {
        out.push('<rect class="ev done' + (e.status === "OK" ? "" : " bad") + '"' + a + ' x="' + (px - 2) + '" y="' + (y + 4) + '" width="4" height="50">' + tip + '</rect>');
        out.push('<text x="' + (px - 6) + '" y="' + (y + 38) + '" text-anchor="end" font-weight="600">' + esc(e.status) + '</text>');
      } else out.push('<circle class="ev other"' + a + ' cx="' + px + '" cy="' + (y + 29) + '" r="3">' + tip + '</circle>');
      if (e.kind === "cancel") {
        var atEnd = px > left + width - 40;  // near the right edge: label leftwards
        out.push('<text x="' + (atEnd ? px - 7 : px + 7) + '" y="' + (y + 24) + '" fill="#c62828"' +
                 (atEnd ? ' text-anchor="end"' : '') + '>cancel</text>');
      }
    });
    labels.forEach(function (l) {
      out.push('<text class="loglabel" x="' + (l[3] === "end" ? l[0] - 3 : l[0] + 3) + '" y="' + (sy + 27 + l[1] * 13) +
               '" text-anchor="' + l[3] + '"><title>' + esc(l[4]) + '</title>' + esc(l[2]) + '</text>');
    });
    out.push('</svg>');
    return out.join("");
  }

  function scenario(s, idx) {
    var rep = s.report, sec = document.createElement("section");
    var verdict = rep.skipped ? "SKIP" : s.flaky ? "FLAKY" : rep.passed ? "PASS" : "FAIL";
    sec.className = "sc " + (rep.skipped ? "skipped" : rep.passed ? "passed" : "failed");
    sec.id = "scenario-" + rep.scenario;
    sec.setAttribute("data-scenario", rep.scenario);
    var h = '<h2><span class="' + verdict.toLowerCase() + '">' + verdict + '</span> ' + esc(rep.scenario) + '</h2>';
    h += '<div class="meta">' + esc(rep.file) + ' &middot; ' + rep.score + '/' + rep.points + ' point' + (rep.points === 1 ? '' : 's') +
         ' &middot; ' + fmtMs(rep.duration_ms) + ' &middot; ' + rep.events.length + ' events' +
         (s.runs > 1 ? ' &middot; ' + s.failures + ' of ' + s.runs + ' runs failed' : '') + '</div>';
    h += '<div class="desc">' + esc(rep.description) + '</div>';
    if (rep.error) h += '<div class="err">error: ' + esc(rep.error) + '</div>';
    if (rep.skipped) h += '<div class="meta">not run: ' + esc(rep.skipped) + '</div>';
    var ex = rep.expectations.map(function (e, i) { return [e, i]; });
    var rank = function (e) { return e.skipped ? 1 : e.passed ? 2 : 0; };
    ex.sort(function (a, b) { return rank(a[0]) - rank(b[0]) || a[1] - b[1]; });
    h += '<ul class="ex">';
    ex.forEach(function (p) {
      var e = p[0], cls = e.skipped ? "skip" : e.passed ? "ok" : "bad";
      var mark = e.skipped ? '<span class="flaky">\u2013 skipped</span>' : e.passed ? '<span class="pass">\u2713</span>' : '<span class="fail">\u2717</span>';
      h += '<li class="' + cls + '">' + mark + ' <code class="expect">' + esc(e.expect) + '</code> <span class="meta">' + esc(e.source) + '</span>' +
           '<div class="detail">' + esc(e.detail) + '</div></li>';
    });
    h += '</ul>';
    // What each stream really did, by what its kind can do: a subscribe
    // sends only its request, an upload receives only its summary, a
    // consumer only receives.
    h += '<div class="meta">' + rep.streams.map(function (st) {
      var did = [];
      if (has(st.kind, "send")) did.push('sent ' + st.sent);
      else if (streamKinds[st.kind] && streamKinds[st.kind].grpc) did.push('request sent');
      if (has(st.kind, "recv")) did.push('received ' + st.received);
      else did.push(st.summary ? 'summary received=' + st.summary.received + ' accepted=' + st.summary.accepted +
                    ' rejected=' + st.summary.rejected : 'no summary');
      return esc(st.id) + ' (' + esc(st.kind) + '): ' + did.join(', ') + ', ' + (st.done ? esc(st.status) : 'not done');
    }).join(' &middot; ') + '</div>';
    h += '<div class="zoom">zoom: <button data-z="1">1&times;</button><button data-z="4">4&times;</button><button data-z="16">16&times;</button><button data-z="64">64&times;</button></div>';
    h += '<div class="tl"></div>';
    sec.innerHTML = h;
    var tl = sec.querySelector(".tl");
    // Drawn once the section is on the page, to fit the width it has.
    sec.draw = function (z) { tl.innerHTML = timeline(rep, z, tl.clientWidth); };
    sec.querySelectorAll(".zoom button").forEach(function (b) {
      b.addEventListener("click", function () { sec.draw(+b.getAttribute("data-z")); });
    });
    return sec;
  }

  try {
    var data = JSON.parse(document.getElementById("labrun-data").textContent);
    streamKinds = data.stream_kinds || {};
    var only = new URLSearchParams(location.search).get("only");
    var passed = 0, score = 0, max = 0;
    var skipped = 0;
    data.scenarios.forEach(function (s) {
      if (s.report.skipped) { skipped++; return; }  // out of the maximum
      if (s.report.passed) passed++;
      score += s.report.score; max += s.report.points;
    });
    document.getElementById("run").innerHTML = esc(data.started_at) + ' &middot; ' + fmtMs(data.duration_ms) + ' &middot; ' +
        passed + ' passed, ' + (data.scenarios.length - passed - skipped) + ' failed' +
        (skipped ? ', ' + skipped + ' skipped' : '') + ' &middot; score ' + score + '/' + max;
    var rows = '<table class="list"><tr><th></th><th>scenario</th><th>points</th><th>duration</th><th>events</th></tr>';
    data.scenarios.forEach(function (s) {
      var r = s.report, v = r.skipped ? "SKIP" : s.flaky ? "FLAKY" : r.passed ? "PASS" : "FAIL";
      rows += '<tr><td class="' + v.toLowerCase() + '">' + v + '</td><td><a href="#scenario-' + esc(r.scenario) + '">' + esc(r.scenario) +
              '</a></td><td>' + r.score + '/' + r.points + '</td><td>' + fmtMs(r.duration_ms) + '</td><td>' + r.events.length + '</td></tr>';
    });
    document.getElementById("list").innerHTML = rows + '</table>';
    var box = document.getElementById("scenarios"), t0 = performance.now();
    data.scenarios.forEach(function (s, i) {
      if (only && s.report.scenario !== only) return;
      var sec = box.appendChild(scenario(s, i));
      sec.draw(1);
    });
    if (only) { document.getElementById("list").style.display = "none"; }
    var n = document.querySelectorAll("svg .ev").length;
    document.getElementById("status").textContent = "drew " + n + " marks in " + Math.round(performance.now() - t0) + " ms";
    document.body.setAttribute("data-rendered", String(n));
  } catch (err) {
    document.body.setAttribute("data-error", String(err && err.stack || err));
    document.getElementById("status").textContent = "could not draw the report: " + err;
    throw err;
  }
})();
</script>
</body></html>
)HTML";

}  // namespace brew::lab
