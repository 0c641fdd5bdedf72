#!/usr/bin/env bash
# Issue 12, scale: prune of a repository of 1,000 restore points over 20 disks with about 30% of its
# bytes unused, in S3Proxy, with -Xmx256m: peak heap (GC log) and RSS, requests (the CLI's store
# meter) against packs + points, and stats' unused bytes afterwards against the 5% threshold.
#
# The repository is built quickly: 20 disks of SIZE_MIB (default 16) replicated together as one
# group (`replicate --group`) CYCLES times (default 70), each cycle a W2-shaped change of each disk
# (SIZE*320/2048 grains of 64 KiB); then `forget --group --keep-last KEEP` (default 50) leaves
# 20 x 50 = 1,000 disk points (plus 50 group points) and the data of the forgotten 20 cycles unused.
# prune runs twice with --grace 0s --allow-short-grace (the least the CLI allows): the first
# plans (and repacks), the second deletes.
#
#   bench/retention-scale.sh       works in bench/out/retention-scale (gitignored)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${SIZE_MIB:-16}" cycles="${CYCLES:-70}" keep="${KEEP:-50}" disks="${DISKS:-20}"
jar="$root/target/pilotlight.jar"
out="$root/bench/out/retention-scale"
source "$root/bench/s3proxy-lib.sh"

build_jar_and_test_classes
rm -rf "$out"
mkdir -p "$out/disks"
trap stop_s3proxy EXIT
start_s3proxy "$out/s3" bench
pilotlight=(java -jar "$jar" --s3-endpoint "$S3_ENDPOINT" --repo s3://bench/scale --quiet)
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(d[sys.argv[1]])' "$1"; }

sources=()
images=()
for ((d = 0; d < disks; d++)); do
    python3 "$root/bench/cycles.py" w1 "$out/disks/d$d.img" "$size"
    sources+=(--source "d$d=file:$out/disks/d$d.img")
    images+=("$out/disks/d$d.img")
done
"${pilotlight[@]}" init >/dev/null
"${pilotlight[@]}" replicate --group g "${sources[@]}" >/dev/null
for ((c = 1; c < cycles; c++)); do
    python3 "$root/bench/cycles.py" w2 "$out/disks/d0.img" "$size" $((100 * c)) "${images[@]:1}"
    "${pilotlight[@]}" replicate --group g "${sources[@]}" >/dev/null
done
"${pilotlight[@]}" forget --group g --keep-last "$keep" >/dev/null
"${pilotlight[@]}" stats --json >"$out/stats-before.json"
points=$(python3 -c 'import json, sys; print(sum(d["points"] for d in json.load(open(sys.argv[1]))["disks"]))' "$out/stats-before.json")
packs=$(json packs <"$out/stats-before.json")
stored=$(json storedBytes <"$out/stats-before.json")
unused=$(json unusedBytes <"$out/stats-before.json")
echo "before: $points disk points over $disks disks, $packs packs, $stored B stored, $unused B unused" \
    "($(awk -v u="$unused" -v s="$stored" 'BEGIN {printf "%.1f", 100 * u / s}')%)"

for run in 1 2; do
    /usr/bin/time -v -o "$out/prune-$run.time" env PILOTLIGHT_JAVA_OPTS= java -Xmx256m \
        "-Xlog:gc:file=$out/prune-$run.gc" -jar "$jar" --s3-endpoint "$S3_ENDPOINT" --repo s3://bench/scale \
        prune --grace 0s --allow-short-grace --json >"$out/prune-$run.json" 2>"$out/prune-$run.err"
    heap=$(grep -o '[0-9]*M->[0-9]*M' "$out/prune-$run.gc" | sed 's/M->.*//' | sort -n | tail -1)
    requests=$(json requests <"$out/prune-$run.json")
    echo "prune $run: $(grep -m1 '^store:' "$out/prune-$run.err" || true);" \
        "$(awk -v r="$requests" -v p="$packs" -v n="$points" 'BEGIN {printf "%.2f", r / (p + n)}') requests per (pack + point);" \
        "peak heap before a GC ${heap:-?} MiB (-Xmx256m); peak RSS $(awk '/Maximum resident/ {printf "%d", $6 / 1024}' "$out/prune-$run.time") MiB;" \
        "wall $(awk -F': ' '/Elapsed/ {print $2}' "$out/prune-$run.time"), CPU $(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$out/prune-$run.time") s"
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print("  " + ", ".join(f"{k} {d[k]}" for k in ("packsDeleted", "bytesFreed", "packsRepacked", "repackedBytes", "plannedPacks", "plannedBytes", "unusedBytesLeft")))' "$out/prune-$run.json"
done
"${pilotlight[@]}" stats --json >"$out/stats-after.json"
stored=$(json storedBytes <"$out/stats-after.json")
unused=$(json unusedBytes <"$out/stats-after.json")
echo "after: $(json packs <"$out/stats-after.json") packs, $stored B stored, $unused B unused" \
    "($(awk -v u="$unused" -v s="$stored" 'BEGIN {printf "%.2f", 100 * u / s}')%; threshold 5% per pack)"
