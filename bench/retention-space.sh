#!/usr/bin/env bash
# Issue 12, space: 100 cycles of a W2-shaped change, `forget --keep-last 10` and `prune` every 10
# cycles; the repository's size against the bytes the 10 kept points need (stats' "used").
# prune runs with --grace 0s --allow-short-grace (the least the CLI allows): a plan made at one
# forget+prune is completed (its packs deleted) at the next, 10 cycles later.
#
#   bench/retention-space.sh [SIZE_MIB]   (default 256: W1/W2 at 1/8 scale, same change-to-disk
#                                          ratio: SIZE*320/2048 grains of 64 KiB per cycle)
#   CYCLES=100 EVERY=10 KEEP=10           the defaults
# Works in bench/out/retention-space (gitignored), a directory repository.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-256}"
cycles="${CYCLES:-100}" every="${EVERY:-10}" keep="${KEEP:-10}"
jar="$root/target/pilotlight.jar"
out="$root/bench/out/retention-space"
repo="$out/repo"
image="$out/disk.img"

if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -o -DskipTests package) >&2
fi
rm -rf "$out"
mkdir -p "$out"
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --repo "$repo" --quiet)
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(d[sys.argv[1]])' "$1"; }

python3 "$root/bench/cycles.py" w1 "$image" "$size"
"${pilotlight[@]}" init >/dev/null
"${pilotlight[@]}" replicate --disk vm --source "file:$image" >/dev/null
echo "disk $size MiB, $(( size * 1024 / 64 * 320 / 32768 )) grains of 64 KiB changed per cycle," \
    "forget --keep-last $keep + prune every $every cycles"
printf '%6s %7s %12s %12s %12s %12s %12s %8s %14s\n' cycle points "du -sb" stored used unused planned "du/used" \
    "(du-planned)/used"
for ((c = 1; c <= cycles; c++)); do
    python3 "$root/bench/cycles.py" w2 "$image" "$size" "$c"
    "${pilotlight[@]}" replicate --disk vm --source "file:$image" >/dev/null
    if (( c % every == 0 )); then
        "${pilotlight[@]}" forget --disk vm --keep-last "$keep" >/dev/null
        "${pilotlight[@]}" prune --grace 0s --allow-short-grace >>"$out/prune.txt" 2>&1
        "${pilotlight[@]}" stats --json >"$out/stats-$c.json"
        du=$(du -sb "$repo" | cut -f1)
        used=$(json liveBytes <"$out/stats-$c.json")
        planned=$(json plannedBytes <"$out/stats-$c.json")
        printf '%6d %7d %12d %12d %12d %12d %12d %8.3f %14.4f\n' "$c" "$(ls "$repo/points/vm" | wc -l)" "$du" \
            "$(json storedBytes <"$out/stats-$c.json")" "$used" "$(json unusedBytes <"$out/stats-$c.json")" "$planned" \
            "$(awk -v a="$du" -v b="$used" 'BEGIN {print a / b}')" "$(awk -v a="$du" -v p="$planned" -v b="$used" 'BEGIN {print (a - p) / b}')"
    fi
done
# The same repository once more pruned with nothing replicated between: the plan of cycle $cycles ripe.
"${pilotlight[@]}" prune --grace 0s --allow-short-grace >>"$out/prune.txt" 2>&1
"${pilotlight[@]}" stats --json >"$out/stats-final.json"
du=$(du -sb "$repo" | cut -f1)
used=$(json liveBytes <"$out/stats-final.json")
echo "after one more prune: du -sb $du, stored $(json storedBytes <"$out/stats-final.json"), used $used," \
    "ratio $(awk -v a="$du" -v b="$used" 'BEGIN {printf "%.3f", a / b}') (goal <= 1.10)"
