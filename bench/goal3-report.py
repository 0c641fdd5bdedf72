#!/usr/bin/env python3
"""The table of bench/goal3.sh from its rounds.tsv: medians over rounds, medians of per-round ratios.

Usage: goal3-report.py ROUNDS.TSV AWS-CLI-VERSION [PIPELINES.TXT]
"""
import csv
import statistics
import sys
from collections import defaultdict

MIB = 1 << 20
DATA = {"w1": 600 * MIB, "w2": 20 * MIB}
tsv, cli = sys.argv[1], sys.argv[2]
pipelines = {}  # "old" -> "REF (commit)", "new" -> "commit", who -> JVM options
if len(sys.argv) > 3:
    for line in open(sys.argv[3]):
        fields = line.rstrip("\n").split("\t")
        if fields[0] == "# old":
            pipelines["old"] = fields[1] if fields[2].startswith(fields[1]) else f"{fields[1]} ({fields[2]})"
        elif fields[0] == "# new":
            pipelines["new"] = fields[1]
        elif fields[0] == "# opts" and len(fields) > 2 and fields[2].strip():
            pipelines["opts:" + fields[1]] = fields[2].strip()
steps = defaultdict(dict)  # (scheme, workload, who, round) -> phase -> row
for row in csv.DictReader(open(tsv), delimiter="\t"):
    steps[(row["scheme"], row["workload"], row["who"], int(row["round"]))][row["phase"]] = row


def total(key, field, phases=("up", "down")):
    return sum(float(steps[key][p][field]) for p in phases if p in steps[key])


def med(values):
    return statistics.median(values) if values else float("nan")


def label(who):
    if who == "seed":
        return "seed: dd + `aws s3 sync` up, sync down + dd"
    if who == "daemon":
        return "pilotlight daemon: disk job + follower job (warm JVM)"
    if who == "old":
        return f"old {pipelines.get('old', '')}: `replicate` + `follow` (its launcher)"
    opts = pipelines.get("opts:" + who)
    return f"{who} {pipelines.get('new', '')}: `replicate` + `follow` (launcher{' + ' + opts if opts else ''})"


def ratios(key, who, against):
    """(wall of against / wall of key, CPU of key / CPU of against) for the same round, if measured."""
    other = key[:2] + (against, key[3])
    if who == against or other not in steps:
        return None
    return total(other, "wall") / total(key, "wall"), total(key, "client_cpu") / total(other, "client_cpu")


order = ["seed", "old"] + sorted({k[2] for k in steps} - {"seed", "old", "daemon"}) + ["daemon"]
schemes = sorted({k[0] for k in steps}, key=lambda s: s != "http")
print(f"bench/goal3.sh; S3Proxy 2.9.0 (S3ProxyFixture, filesystem-nio2) on 127.0.0.1, same 2-core host; {cli}."
      " Medians over the rounds (min–max of the wall); \"vs seed\", \"vs old\" = medians of the per-round ratios"
      " (wall: theirs / this; CPU: this / theirs). Client CPU: every process of the pipeline (user + system); per"
      " GiB of the workload's data (W1 600 MiB, W2 20 MiB changed).\n")
print("| scheme | workload | pipeline | wall s, median (min–max) | up s | down s | vs seed (wall) | vs old (wall)"
      " | client CPU-s | client CPU-s per GiB | client CPU vs seed | client CPU vs old | S3Proxy CPU-s"
      " | requests up | MiB sent up | load1 |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for scheme in schemes:
    for workload in ("w1", "w2"):
        for who in order:
            keys = sorted(k for k in steps if k[:3] == (scheme, workload, who))
            if not keys:
                continue
            walls = [total(k, "wall") for k in keys]
            ups = [total(k, "wall", ("up",)) for k in keys]
            downs = [total(k, "wall", ("down",)) for k in keys]
            cpu = [total(k, "client_cpu") for k in keys]
            server = [total(k, "server_cpu") for k in keys]
            vs = {}
            for against in ("seed", "old"):
                pairs = [r for r in (ratios(k, who, against) for k in keys) if r]
                vs[against] = (f"{med([p[0] for p in pairs]):.2f}x", f"{med([p[1] for p in pairs]):.2f}") \
                    if pairs else ("", "")
            gib = DATA[workload] / (1 << 30)
            requests = [steps[k]["up"]["requests"] for k in keys if steps[k]["up"]["requests"]]
            sent = [int(steps[k]["up"]["bytes"]) for k in keys if steps[k]["up"]["bytes"]]
            loads = [float(steps[k]["up"]["load1"]) for k in keys]
            print(f"| {scheme} | {workload.upper()} | {label(who)} | {med(walls):.2f} ({min(walls):.2f}–{max(walls):.2f})"
                  f" | {med(ups):.2f} | {med(downs):.2f} | {vs['seed'][0]} | {vs['old'][0]}"
                  f" | {med(cpu):.2f} | {med(cpu) / gib:.1f} | {vs['seed'][1]} | {vs['old'][1]} | {med(server):.2f}"
                  f" | {requests[0] if requests else ''} | {f'{med(sent) / MIB:.1f}' if sent else ''}"
                  f" | {min(loads):.1f}–{max(loads):.1f} |")
