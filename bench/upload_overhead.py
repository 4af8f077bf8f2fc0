#!/usr/bin/env python3
"""What the timeline recorder costs upload throughput, in wall-clock time (issue #6).

Runs stream_bench's BM_Upload/10000 with recording off (/0) and on (/1) in
P processes, R repetitions each, off and on interleaved at random within a
process (--benchmark_enable_random_interleaving). Why this shape: upload
throughput over loopback on this 2-core VM is bimodal, and a process keeps
the mode it settles in (docs/performance.md). So off and on are compared
inside each process, where they share the mode, and the processes give the
spread between modes.

Prints, for each process, the medians off and on and the overhead (on/off - 1),
for the real time of an upload (throughput) and for the CPU time of the
thread that uploads; then over all processes the mean overhead with a 95%
interval from resampling processes, then repetitions (a bootstrap).

  bench/upload_overhead.py [BUILD_DIR] [-p P] [-r R] [--min-time S]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys

RECORDS = 10000
METRICS = (("real_time", "upload time (throughput)"), ("cpu_time", "uploading thread's CPU"))


def run_process(bench, reps, min_time):
    """One process: {metric: {"off": [...], "on": [...]}} per repetition."""
    cmd = [bench, "--benchmark_filter=^BM_Upload/%d/[01]/" % RECORDS,
           "--benchmark_min_time=%g" % min_time, "--benchmark_repetitions=%d" % reps,
           "--benchmark_enable_random_interleaving=true", "--benchmark_format=json"]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if res.returncode != 0:
        sys.exit("stream_bench failed:\n" + res.stderr)
    samples = {m: {"off": [], "on": []} for m, _ in METRICS}
    for b in json.loads(res.stdout)["benchmarks"]:
        if b.get("run_type") != "iteration":
            continue
        side = "on" if b["name"].split("/")[2] == "1" else "off"
        for m, _ in METRICS:
            samples[m][side].append(b[m])
    return samples


def overhead(off, on):
    return statistics.median(on) / statistics.median(off) - 1


def bootstrap(processes, metric, rounds=2000):
    """95% interval of the mean overhead, resampling processes then repetitions."""
    means = []
    for _ in range(rounds):
        picked = [random.choice(processes) for _ in processes]
        values = []
        for p in picked:
            off, on = p[metric]["off"], p[metric]["on"]
            values.append(overhead([random.choice(off) for _ in off],
                                   [random.choice(on) for _ in on]))
        means.append(statistics.mean(values))
    means.sort()
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir", nargs="?", default=os.path.join(here, "..", "build"))
    parser.add_argument("-p", type=int, default=5, help="processes")
    parser.add_argument("-r", type=int, default=40, help="repetitions of off and of on per process")
    parser.add_argument("--min-time", type=float, default=0.2,
                        help="seconds per repetition (google benchmark's min time)")
    args = parser.parse_args()
    bench = os.path.join(args.build_dir, "bin", "stream_bench")
    if not os.path.exists(bench):
        sys.exit(bench + ": not built")

    processes = []
    print("upload of %d records, recording off and on; %d processes x %d repetitions"
          % (RECORDS, args.p, args.r))
    for i in range(args.p):
        p = run_process(bench, args.r, args.min_time)
        processes.append(p)
        print("  process %d: " % (i + 1) + "   ".join(
            "%s off %.2f ms, on %.2f ms (%+.1f%%)" % (
                m, statistics.median(p[m]["off"]), statistics.median(p[m]["on"]),
                100 * overhead(p[m]["off"], p[m]["on"]))
            for m, _ in METRICS), flush=True)
    for m, label in METRICS:
        mean = statistics.mean(overhead(p[m]["off"], p[m]["on"]) for p in processes)
        low, high = bootstrap(processes, m)
        print("%-26s recording costs %+.1f%%  (95%% interval %+.1f%% to %+.1f%%)"
              % (label + ":", 100 * mean, 100 * low, 100 * high))


if __name__ == "__main__":
    main()
