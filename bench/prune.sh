#!/usr/bin/env bash
# Issue 12, concurrency: W2-shaped replicate cycles of one disk run back to back for the whole time
# a prune of a repository of >= 500 restore points runs, into S3Proxy; against cycles alone, in
# alternating rounds. Prints per round and the medians: cycle wall and CPU time alone and during
# the prune, their ratio, cycles refused or failed, the prune's wall/CPU and S3Proxy's CPU.
#
# Repository: 20 small disks (8 MiB) replicated as one group 25 times (500 disk points), plus the
# disk "vm" the cycles replicate: W1/W2 shape at SIZE_MIB (default 512 = 1/4 scale, same change-to-
# disk ratio: SIZE*320/2048 grains of 64 KiB per cycle). Before each round two more group cycles and
# `forget --keep-last 25` of the group (and --keep-last 3 of vm) leave new unused data for the prune.
#
#   bench/prune.sh [ROUNDS]          (default 5; works in bench/out/prune, gitignored)
#   PRUNE_NICE=19 bench/prune.sh     the prune at a lower CPU priority (nice), as a daemon may run it
#   PRUNE_ARGS='--max-repack 0' ...  extra prune options
# Needs: java 17, mvn (builds target/pilotlight.jar when stale; the test class path for S3Proxy),
# python3, curl, GNU /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
size="${SIZE_MIB:-512}" disks="${DISKS:-20}" base="${BASE_CYCLES:-25}"
jar="$root/target/pilotlight.jar"
out="$root/bench/out/prune"
image="$out/vm.img"
source "$root/bench/s3proxy-lib.sh"

build_jar_and_test_classes
rm -rf "$out"
mkdir -p "$out/disks"
trap stop_s3proxy EXIT
start_s3proxy "$out/s3" bench
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --s3-endpoint "$S3_ENDPOINT" --repo s3://bench/prune)

sources=()
for ((d = 0; d < disks; d++)); do
    python3 "$root/bench/cycles.py" w1 "$out/disks/d$d.img" 8
    sources+=(--source "d$d=file:$out/disks/d$d.img")
done
group_cycle() {
    python3 "$root/bench/cycles.py" w2 "$out/disks/d0.img" 8 $((100 * $1)) $(for ((d = 1; d < disks; d++)); do echo "$out/disks/d$d.img"; done)
    "${pilotlight[@]}" --quiet replicate --group g "${sources[@]}" >/dev/null
}
python3 "$root/bench/cycles.py" w1 "$image" "$size"
"${pilotlight[@]}" --quiet init >/dev/null
"${pilotlight[@]}" --quiet replicate --disk vm --source "file:$image" >/dev/null
for ((c = 0; c < base; c++)); do group_cycle "$c"; done
seed=1
cycle() { # NAME: one W2-shaped change and replicate of vm; appends "wall_ms cpu_s exit" to $out/NAME
    python3 "$root/bench/cycles.py" w2 "$image" "$size" $((seed++))
    local start end rc=0
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$out/cycle.time" "${pilotlight[@]}" replicate --disk vm --source "file:$image" \
        >/dev/null 2>>"$out/cycles.err" || rc=$?
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $(awk '{print $1 + $2}' "$out/cycle.time" | tail -1) $rc" >>"$out/$1"
}

: >"$out/alone" ; : >"$out/during"
for ((i = 0; i < rounds; i++)); do
    group_cycle $((base + 2 * i)); group_cycle $((base + 2 * i + 1))
    "${pilotlight[@]}" --quiet forget --group g --keep-last "$base" >/dev/null
    "${pilotlight[@]}" --quiet forget --disk vm --keep-last 3 >/dev/null
    before=$(wc -l <"$out/alone")
    cycle alone; cycle alone
    ticks=$(cpu_ticks "$S3PROXY_PID")
    start=$(date +%s%N)
    nice -n "${PRUNE_NICE:-0}" /usr/bin/time -f '%e %U %S' -o "$out/prune-$i.time" "${pilotlight[@]}" \
        prune --grace 0s --allow-short-grace ${PRUNE_ARGS:-} >"$out/prune-$i.txt" 2>"$out/prune-$i.err" &
    prune=$!
    n=0
    while kill -0 "$prune" 2>/dev/null; do cycle during; n=$((n + 1)); done
    wait "$prune"
    server=$(( $(cpu_ticks "$S3PROXY_PID") - ticks ))
    echo "round $i: alone $(tail -2 "$out/alone" | cut -d' ' -f1 | paste -sd/) ms;" \
        "during prune $(tail -$n "$out/during" | cut -d' ' -f1 | paste -sd/) ms;" \
        "prune wall/user/sys $(cat "$out/prune-$i.time") s; S3Proxy $(awk -v t="$server" 'BEGIN {print t / 100}') CPU-s" \
        "over the prune; $(head -1 "$out/prune-$i.txt")" >&2
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for f in alone during; do
    read -r "wall_$f" < <(cut -d' ' -f1 "$out/$f" | median)
    read -r "cpu_$f" < <(cut -d' ' -f2 "$out/$f" | median)
    read -r "range_$f" < <(cut -d' ' -f1 "$out/$f" | sort -n | sed -n '1p;$p' | paste -sd-)
done
failed=$(awk '$3 != 0' "$out/alone" "$out/during" | wc -l)
echo "points: $(ls "$out/s3/data/bench/prune/points"/* | wc -l) (all disks); rounds $rounds;" \
    "cycles alone $(wc -l <"$out/alone"), during prune $(wc -l <"$out/during"), refused or failed: $failed"
echo "cycle wall median (range): alone $wall_alone ms ($range_alone), during prune $wall_during ms ($range_during)," \
    "ratio $(awk -v a="$wall_alone" -v d="$wall_during" 'BEGIN {printf "%.2f", d / a}');" \
    "cycle CPU median: alone $cpu_alone s, during $cpu_during s"
