#!/usr/bin/env python3
"""Turns bench/run.sh's measurements in OUT into a Markdown table. Usage: report.py OUT warm|cold"""
import json
import re
import sys

MIB = 1 << 20
out, cache = sys.argv[1], sys.argv[2]


def timing(name):
    text = open(f"{out}/{name}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", text).group(1).strip()
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss / 1024


def number(name):
    return int(open(f"{out}/{name}").read().strip())


w1 = json.load(open(f"{out}/w1-replicate.out"))
w2 = json.load(open(f"{out}/w2-replicate.out"))
changed = 320 * 64 * 1024
data = {"w1": number("w1.allocated"), "w2": number("w2.allocated")}
cp, cp_rss = timing("cp")
cat, cat_rss = timing("cat")
rows = [
    ("`cp --sparse=always` (W1)", "cp", data["w1"], ""),
    ("`cp --sparse=always` + `sync` of the copy (W1)", "cp-sync", data["w1"], "pilotlight forces every object to disk"),
    ("`cat img > /dev/null` (W1)", "cat", data["w1"], ""),
    ("replicate W1 (full)", "w1-replicate", data["w1"],
     f"stored {w1['storedBytes'] / MIB:.1f} MiB for {w1['newBytes'] / MIB:.1f} MiB new"
     f" ({w1['storedBytes'] / w1['newBytes']:.3f} B/B); repo +{(number('repo1.bytes') - number('repo0.bytes')) / MIB:.1f} MiB"),
    ("replicate W2 (incremental, 20 MiB changed)", "w2-replicate", data["w2"],
     f"changed {w2['changedBytes'] / MIB:.1f} MiB, stored {w2['storedBytes'] / MIB:.2f} MiB ="
     f" **{w2['storedBytes'] / changed:.3f} B stored per B changed**; repo +"
     f"{(number('repo2.bytes') - number('repo1.bytes')) / MIB:.2f} MiB"
     f" ({(number('repo2.bytes') - number('repo1.bytes')) / changed:.3f} B/B)"),
    ("restore W1 point", "w1-restore", data["w1"],
     f"sparse: {number('w1-restored.allocated') / MIB:.0f} MiB allocated; sha256 identical"),
    ("restore W2 point", "w2-restore", data["w2"],
     f"sparse: {number('w2-restored.allocated') / MIB:.0f} MiB allocated; sha256 identical"),
]
print(f"Page cache: {cache}. Image: 2 GiB sparse; data = allocated bytes of the image"
      f" (W1 {data['w1'] / MIB:.0f} MiB, W2 {data['w2'] / MIB:.0f} MiB).\n")
print("| step | time (s) | MiB/s of image data | × cp | × cat | peak RSS (MiB) | notes |")
print("|---|---:|---:|---:|---:|---:|---|")
for label, name, size, note in rows:
    seconds, rss = timing(name)
    print(f"| {label} | {seconds:.2f} | {size / MIB / seconds:.0f} | {seconds / cp:.2f} | {seconds / cat:.2f}"
          f" | {rss:.0f} | {note} |")
