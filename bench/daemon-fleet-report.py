#!/usr/bin/env python3
"""The summary table of bench/daemon-fleet.sh, from what it left in OUT: samples/*.json (the daemon's
/api/status every few seconds), host.txt (epoch, load average 1/5/15, daemon CPU ticks, RSS KiB, S3Proxy CPU ticks),
jstat.txt (jstat -gc), gc.log (-Xlog:gc) and history.jsonl (the daemon's run journal).

  daemon-fleet-report.py OUT START_EPOCH END_EPOCH COMMIT DISKS SIZE_MIB GRAINS CHANGE_EVERY REPOS HEAP SCHEDULE
"""
import collections
import datetime
import glob
import json
import os
import re
import statistics
import sys

out, start, end, commit, disks, size, grains, change_every, repos, heap, schedule = sys.argv[1:12]
start, end = int(start), int(end)
window = end - start
unit = {"s": 1, "m": 60, "h": 3600}
interval = sum(int(n) * unit[u] for n, u in re.findall(r"(\d+)([smh])", schedule.split()[1]))
bound = 2 * interval


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))]


def spread(values, fmt="{:.1f}"):
    if not values:
        return "-"
    return (f"median {fmt.format(statistics.median(values))}, p95 {fmt.format(percentile(values, 95))},"
            f" max {fmt.format(max(values))}")


ages = collections.defaultdict(list)
timeline = []
samples = 0
for path in sorted(glob.glob(f"{out}/samples/*.json")):
    try:
        status = json.load(open(path))
    except (ValueError, OSError):
        continue
    samples += 1
    timeline.append((parse_time(status["time"]), [d["ageSeconds"] or 0 for d in status["disks"]]))
    for disk in status["disks"]:
        ages[disk["disk"]].append(disk["ageSeconds"] if disk.get("ageSeconds") is not None else float("inf"))
errors = os.path.getsize(f"{out}/samples/errors.txt") if os.path.exists(f"{out}/samples/errors.txt") else 0

host = [line.split() for line in open(f"{out}/host.txt")]
loads = [float(h[1]) for h in host]
cpu_s = (int(host[-1][4]) - int(host[0][4])) / os.sysconf("SC_CLK_TCK")
cpu_window = float(host[-1][0]) - float(host[0][0])
rss = max(int(h[5]) for h in host) / 1024
s3_cpu_s = (int(host[-1][6]) - int(host[0][6])) / os.sysconf("SC_CLK_TCK") if len(host[0]) > 6 else None

lines = [line.split() for line in open(f"{out}/jstat.txt") if line.strip()]
header = lines[0]
used = []
for row in lines[1:]:
    if row[0] == header[0] or len(row) != len(header):
        continue
    v = dict(zip(header, map(float, row)))
    used.append((v["S0U"] + v["S1U"] + v["EU"] + v["OU"]) / 1024)
gcs = re.findall(r"GC\(\d+\) (Pause \w+[^\n]*?) (\d+)M->(\d+)M\((\d+)M\)", open(f"{out}/gc.log").read())
after = [int(g[2]) for g in gcs]
before = [int(g[1]) for g in gcs]
full = sum("Full" in g[0] for g in gcs)

runs = [json.loads(line) for line in open(f"{out}/history.jsonl") if line.strip()]
runs = [dict(r, s=parse_time(r["start"]), e=parse_time(r["end"])) for r in runs]
inside = [r for r in runs if r["s"] >= start and r["s"] < end]
failed = [r for r in inside if not r["succeeded"]]
durations = [r["e"] - r["s"] for r in inside]


def next_slot(t):
    return (t // interval + 1) * interval


# The slot each run served, replayed from the journal as the scheduler sets it (`every` without
# jitter, no retries): the first run (a catch-up) at its start; after each run, the later of the slot
# after the one served and the slot after the run's end. Slots passed in between were not run:
# during the previous run (logged as skipped) or while the job waited for its turn (not logged).
delays, coalesced = [], 0
for job in {r["job"] for r in runs}:
    mine = sorted((r for r in runs if r["job"] == job), key=lambda r: r["s"])
    slot = mine[0]["s"]
    for prev, run in zip(mine, mine[1:]):
        served = max(next_slot(slot), next_slot(prev["e"]))
        if start <= run["s"] < end:
            delays.append(run["s"] - served)
            coalesced += int((served - next_slot(slot)) // interval)
        slot = served
kinds = collections.Counter(r["kind"].upper() for r in inside)
per_disk = collections.Counter(r["job"] for r in inside if r["succeeded"])
gaps = collections.defaultdict(float)
ends = collections.defaultdict(list)
for r in runs:
    if r["succeeded"]:
        ends[r["job"]].append(r["e"])
for job, times in ends.items():
    times = sorted(t for t in times if t <= end)
    for a, b in zip(times, times[1:]):
        if b >= start:
            gaps[job] = max(gaps[job], b - max(a, start) if a < start else b - a)
busy = sum(min(r["e"], end) - r["s"] for r in inside) / window

maxes = {d: max(a) for d, a in ages.items()}
p99s = {d: percentile(a, 99) for d, a in ages.items()}
over = sorted((d for d in maxes if maxes[d] > bound), key=lambda d: -maxes[d])
worst = sorted(maxes, key=lambda d: -maxes[d])[:5]
within = sum(a <= bound for values in ages.values() for a in values) / max(1, sum(map(len, ages.values())))

when = datetime.datetime.fromtimestamp(start, datetime.timezone.utc)
print(f"{when:%Y-%m-%d %H:%M} UTC, commit {commit}, `bench/daemon-fleet.sh`: {disks} disks of {size} MiB (sparse,"
      f" {int(size) * 600 // 2048} MiB data each), `{schedule}` each, {grains} x 64 KiB changed per disk every {change_every} s,"
      f" {repos} S3Proxy repositor{'y' if repos == '1' else 'ies'}, daemon -Xmx{heap}; measured {window} s,"
      f" {samples} status samples ({errors} bytes of sampling errors).\n")
print("| measure | value | goal |")
print("|---|---:|---|")
print(f"| RPO (age of newest committed point), max over disks of each disk's max | {max(maxes.values()):.0f} s"
      f" | <= {bound} s: **{'met' if max(maxes.values()) <= bound else 'not met'}** |")
print(f"| RPO, max over disks of each disk's p99 | {max(p99s.values()):.0f} s | <= {bound} s |")
print(f"| RPO, median over disks of each disk's max | {statistics.median(maxes.values()):.0f} s | |")
print(f"| disks whose max RPO exceeded {bound} s | {len(over)} of {len(maxes)} | 0 |")
print(f"| samples within {bound} s (all disks) | {100 * within:.1f}% | 100% |")
print(f"| longest gap between two commits of a disk (journal) | {max(gaps.values(), default=0):.0f} s | |")
print(f"| heap used, max of jstat samples (S0U+S1U+EU+OU) | {max(used, default=0):.0f} MiB | <= 512 MiB |")
print(f"| heap after a GC, max (GC log; {len(gcs)} GCs, {full} full) | {max(after, default=0)} MiB"
      f" (before a GC: max {max(before, default=0)} MiB) | |")
print(f"| daemon RSS, max | {rss:.0f} MiB | |")
print(f"| daemon CPU | {cpu_s:.0f} CPU-s in {cpu_window:.0f} s = {cpu_s / cpu_window:.2f} cores | |")
if s3_cpu_s is not None:
    print(f"| S3Proxy CPU | {s3_cpu_s:.0f} CPU-s = {s3_cpu_s / cpu_window:.2f} cores | |")
print(f"| load average (1 min) during the run | min {min(loads):.1f}, median {statistics.median(loads):.1f},"
      f" max {max(loads):.1f} (2 cores) | |")
print(f"| runs started in the window | {len(inside)} ({len(failed)} failed); per disk"
      f" min {min(per_disk.values(), default=0)}, median {statistics.median(per_disk.values() or [0]):.0f},"
      f" max {max(per_disk.values(), default=0)} ({window / interval:.0f} slots) | |")
print(f"| runs by kind | {', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))} | |")
print(f"| run duration (s) | {spread(durations, '{:.2f}')} | |")
print(f"| a run's start after the slot it served (s) | {spread(delays)} | |")
print(f"| slots not run (passed during the job's previous run or while it waited) | {coalesced} of"
      f" {len(delays) + coalesced} | |")
print(f"| share of the window a run was running (sum of durations / window) | {busy:.2f} | |")
print()
print("Worst disks (max / p99 of sampled RPO, s): " + ", ".join(f"{d} {maxes[d]:.0f} / {p99s[d]:.0f}" for d in worst))
if failed:
    reasons = collections.Counter(r["reason"][:160] for r in failed).most_common(3)
    print("\nFailures: " + "; ".join(f"{n}x {reason}" for reason, n in reasons))

# The window in parts of 5 minutes: does a run's time grow with the repository, or with the load?
print("\n| minutes | runs | runs/min | busy share | run mean s | daemon CPU-s per run | S3Proxy CPU-s per run"
      " | load (1 min) median | max sampled RPO s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
part = 300
for k in range(max(1, window // part)):
    a, b = start + k * part, min(end, start + (k + 1) * part)
    hs = [h for h in host if a <= float(h[0]) < b]
    rs = [r for r in runs if a <= r["s"] < b]
    if len(hs) < 2 or not rs:
        continue
    clk = os.sysconf("SC_CLK_TCK")
    own = (int(hs[-1][4]) - int(hs[0][4])) / clk
    s3 = (int(hs[-1][6]) - int(hs[0][6])) / clk if len(hs[0]) > 6 else None
    inner = [r for r in rs if float(hs[0][0]) <= r["s"] < float(hs[-1][0])] or rs
    worst_age = max((max(ages_at) for t, ages_at in timeline if a <= t < b), default=float("nan"))
    print(f"| {k * part // 60}–{(b - start) // 60} | {len(rs)} | {len(rs) * 60 / (b - a):.0f}"
          f" | {sum(r['e'] - r['s'] for r in rs) / (b - a):.2f} | {statistics.mean(r['e'] - r['s'] for r in rs):.2f}"
          f" | {own / len(inner):.3f} | {'-' if s3 is None else f'{s3 / len(inner):.3f}'}"
          f" | {statistics.median(float(h[1]) for h in hs):.1f} | {worst_age:.0f} |")
