#!/usr/bin/env python3
"""The table of bench/goal3.sh from its rounds.tsv: medians over rounds, medians of per-round ratios."""
import csv
import statistics
import sys
from collections import defaultdict

MIB = 1 << 20
DATA = {"w1": 600 * MIB, "w2": 20 * MIB}
tsv, cli = sys.argv[1], sys.argv[2]
steps = defaultdict(dict)  # (scheme, workload, who, round) -> phase -> row
for row in csv.DictReader(open(tsv), delimiter="\t"):
    steps[(row["scheme"], row["workload"], row["who"], int(row["round"]))][row["phase"]] = row


def total(key, field, phases=("up", "down")):
    return sum(float(steps[key][p][field]) for p in phases if p in steps[key])


def med(values):
    return statistics.median(values) if values else float("nan")


schemes = sorted({k[0] for k in steps}, key=lambda s: s != "http")
print(f"bench/goal3.sh; S3Proxy 2.9.0 (S3ProxyFixture, filesystem-nio2) on 127.0.0.1, same 2-core host; {cli}."
      " Medians over the rounds (min–max of the wall); \"vs seed\" = median of the per-round ratios seed / pilotlight."
      " Client CPU: every process of the pipeline (user + system); per GiB of the workload's data (W1 600 MiB,"
      " W2 20 MiB changed).\n")
print("| scheme | workload | pipeline | wall s, median (min–max) | up s | down s | vs seed (wall) | client CPU-s"
      " | client CPU-s per GiB | up only: client CPU-s per GiB | client CPU vs seed | S3Proxy CPU-s | requests up"
      " | MiB sent up | load1 |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for scheme in schemes:
    for workload in ("w1", "w2"):
        for who in ("seed", "pl", "daemon"):
            keys = sorted(k for k in steps if k[:3] == (scheme, workload, who))
            if not keys:
                continue
            walls = [total(k, "wall") for k in keys]
            ups = [total(k, "wall", ("up",)) for k in keys]
            downs = [total(k, "wall", ("down",)) for k in keys]
            cpu = [total(k, "client_cpu") for k in keys]
            cpu_up = [total(k, "client_cpu", ("up",)) for k in keys]
            server = [total(k, "server_cpu") for k in keys]
            ratios, cpu_ratios = [], []
            for k in keys:
                seed = (scheme, workload, "seed", k[3])
                if who != "seed" and seed in steps:
                    ratios.append(total(seed, "wall") / total(k, "wall"))
                    cpu_ratios.append(total(k, "client_cpu") / total(seed, "client_cpu"))
            gib = DATA[workload] / (1 << 30)
            requests = [steps[k]["up"]["requests"] for k in keys if steps[k]["up"]["requests"]]
            sent = [int(steps[k]["up"]["bytes"]) for k in keys if steps[k]["up"]["bytes"]]
            loads = [float(steps[k]["up"]["load1"]) for k in keys]
            label = {"seed": "seed: dd + `aws s3 sync` up, sync down + dd",
                     "pl": "pilotlight: `replicate` + `follow` (launcher)",
                     "daemon": "pilotlight daemon: disk job + follower job (warm JVM)"}[who]
            print(f"| {scheme} | {workload.upper()} | {label} | {med(walls):.2f} ({min(walls):.2f}–{max(walls):.2f})"
                  f" | {med(ups):.2f} | {med(downs):.2f} | {f'{med(ratios):.2f}x' if ratios else ''}"
                  f" | {med(cpu):.2f} | {med(cpu) / gib:.1f} | {med(cpu_up) / gib:.1f}"
                  f" | {f'{med(cpu_ratios):.2f}' if cpu_ratios else ''} | {med(server):.2f}"
                  f" | {requests[0] if requests else ''} | {f'{med(sent) / MIB:.1f}' if sent else ''}"
                  f" | {min(loads):.1f}–{max(loads):.1f} |")
