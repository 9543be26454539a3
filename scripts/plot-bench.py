#!/usr/bin/env python3
"""Plots latency against payload size from mpbench's JSON output.

    scripts/plot-bench.py [BENCH_JSON [OUT_PNG]]

defaults: build-release/mpbench.json, docs/performance-latency.png.
One line each for the floor (socketpair echo), plain Cap'n Proto and
libmultiprocess (Data echo on the server's loop thread and on a mapped worker
thread, with a std::span parameter, and with a std::vector<unsigned char>
taken and returned by value on a worker thread at 1 KiB, 1 MiB and 16 MiB),
median real time per round trip, log-log, 8 B to 16 MiB.
Needs matplotlib (Debian: apt-get install python3-matplotlib, then run it with
/usr/bin/python3 if another python3 comes first in PATH).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = [
    ("floor/echo/", "socketpair echo (floor)"),
    ("capnp/echo/", "plain Cap'n Proto"),
    ("mp/echo/", "libmultiprocess, loop thread"),
    ("mp/echo_worker/", "libmultiprocess, mapped worker thread"),
    ("mp/echo_uchar_vector/by_value/worker/", "libmultiprocess, std::vector<unsigned char> by value, worker"),
]

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def medians(path):
    """Median (or single-run) real time in ns by benchmark name."""
    with open(path) as f:
        data = json.load(f)
    result = {}
    single = {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        ns = b["real_time"] * UNIT_NS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                result[name] = ns
        else:
            single.setdefault(name, []).append(ns)
    for name, values in single.items():
        if name not in result:
            values.sort()
            result[name] = values[len(values) // 2]
    return result


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "build-release/mpbench.json"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/performance-latency.png"
    times = medians(src)
    fig, ax = plt.subplots(figsize=(8, 5))
    for prefix, label in SERIES:
        points = sorted((int(name[len(prefix):]), ns) for name, ns in times.items()
                        if name.startswith(prefix) and name[len(prefix):].isdigit())
        if points:
            ax.plot([p[0] for p in points], [p[1] / 1e3 for p in points], marker="o", label=label)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("payload (bytes each way)")
    ax.set_ylabel("round trip, median (µs)")
    ax.set_title("Data echo between two processes over a Unix socket")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"plot-bench.py: wrote {out}")


if __name__ == "__main__":
    main()
