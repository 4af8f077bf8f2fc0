#!/usr/bin/env python3
"""What the timeline recorder costs an upload, in instructions (issue #6).

Runs stream_bench's BM_Upload/10000 once with recording off (/0) and once on
(/1) under callgrind, K times each, with each thread counted on its own.
Instruction counts do not depend on the machine's load, so the figures
repeat on a busy machine where wall-clock timing does not (and wall-clock
upload throughput over loopback is bimodal here; docs/performance.md).

Prints, per record:
  uploading thread   the instructions of UploadOnce (one upload of 10,000
                     records, plus the making, filling and freeing of its
                     Timeline) on the thread that uploads, off and on
  all threads        the same plus every other thread of the process (the
                     in-process server's handlers, gRPC's pollers): the whole
                     cost of a record, off
  recorder           the recorder's own instructions, on minus off, on the
                     uploading thread: describing each record
                     (DescribeRecord), the clock read, the observer calls
                     (the Timeline's observer and EventReporter::Emit,
                     inclusive) and the Timeline's making and freeing.
                     Exactly repeatable. Not in it: the few instructions
                     inlined into RunUpload that fill the reused ClientEvent
                     (about 20 per record).
  builder            the Timeline's builder threads, which build the events
                     from what the uploading thread recorded
  overhead           recorder / uploading thread, off (the bound if that
                     thread alone set the pace), and recorder + builder /
                     all threads
The on - off difference also holds gRPC's own run-to-run variation (about
+-2%), hence the separate `recorder` figure.

  bench/timeline_overhead.py [BUILD_DIR] [-k K]     (needs valgrind)
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile

RECORDS = 10000


def run(bench, record, out):
    """Runs the benchmark under callgrind; one profile file per thread."""
    cmd = [
        "valgrind", "--tool=callgrind", "--separate-threads=yes",
        "--callgrind-out-file=" + out, bench,
        "--benchmark_filter=^BM_Upload/%d/%d(/|$)" % (RECORDS, record),
        "--benchmark_min_time=0.01",
    ]
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    iters = re.search(r"BM_Upload/\d+/\d\S*\s+\S+ ms\s+\S+ ms\s+(\d+)", res.stdout)
    if res.returncode != 0 or not iters:
        sys.exit("stream_bench failed under callgrind:\n" + res.stdout + res.stderr)
    return int(iters.group(1))


def inclusive(out):
    """Inclusive Ir by function name (the first line naming each)."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                          stdout=subprocess.PIPE, text=True).stdout
    costs = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(?!=>|\*|>)(.*)", line)
        if m:
            costs.setdefault(m.group(2), int(m.group(1).replace(",", "")))
    return costs


def thread_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    return 0


def is_builder(path):
    """Whether a thread's profile is a Timeline's builder thread."""
    with open(path) as f:
        return "Timeline::BuildWhilePending" in f.read()


def find(costs, pattern):
    total = 0
    for name, ir in costs.items():
        if re.search(pattern, name):
            total = max(total, ir)
    return total


def measure(bench, record, k, tmp):
    uploading, everything, recorder, builder = [], [], [], []
    for i in range(k):
        out = os.path.join(tmp, "cg.%d.%d" % (record, i))
        iters = run(bench, record, out)
        files = sorted(glob.glob(out + "-*"))
        main_file = out + "-01"  # the first thread: the benchmark's, which uploads
        costs = inclusive(main_file)
        upload_once = find(costs, r"UploadOnce\(")
        run_upload = find(costs, r"brew::RunUpload\(")
        parts = sum(find(costs, p) for p in (
            r"EventReporter::Emit\(",
            r"Timeline::ObserverFor.*_M_invoke",
            r"brew::DescribeRecord\(",
            r"^\S*clock_gettime\S*:clock_gettime",
        ))
        others = sum(thread_total(f) for f in files if f != main_file)
        builders = sum(thread_total(f) for f in files
                       if f != main_file and is_builder(f))
        n = iters * RECORDS
        uploading.append(upload_once / n)
        everything.append((upload_once + others) / n)
        # the recorder's parts, and what UploadOnce does besides the upload:
        # the Timeline made and freed
        recorder.append((parts + upload_once - run_upload) / n)
        builder.append(builders / n)
    return (statistics.median(uploading), statistics.median(everything),
            statistics.median(recorder), statistics.median(builder))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir", nargs="?", default=os.path.join(here, "..", "build"))
    parser.add_argument("-k", type=int, default=3, help="runs of each (median)")
    args = parser.parse_args()
    bench = os.path.join(args.build_dir, "bin", "stream_bench")
    if not os.path.exists(bench):
        sys.exit(bench + ": not built")
    with tempfile.TemporaryDirectory() as tmp:
        off, off_all, off_rec, _ = measure(bench, 0, args.k, tmp)
        on, on_all, on_rec, on_builder = measure(bench, 1, args.k, tmp)
    recorder = on_rec - off_rec
    print("upload of %d records, instructions per record (callgrind, median of %d):"
          % (RECORDS, args.k))
    print("  uploading thread, off  %8.0f" % off)
    print("  uploading thread, on   %8.0f   (%+.1f%%, includes gRPC's run-to-run variation)"
          % (on, 100.0 * (on - off) / off))
    print("  all threads, off       %8.0f" % off_all)
    print("  all threads, on        %8.0f   (%+.1f%%)"
          % (on_all, 100.0 * (on_all - off_all) / off_all))
    print("  recorder               %8.0f   %.1f%% of the uploading thread"
          % (recorder, 100.0 * recorder / off))
    print("  builder                %8.0f   recorder + builder: %.1f%% of all threads"
          % (on_builder, 100.0 * (recorder + on_builder) / off_all))

if __name__ == "__main__":
    main()
