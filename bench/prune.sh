#!/usr/bin/env bash
# Measures what a running prune costs replicate (issue 12: "cycle time during prune <= 1.3x
# without"): alternating rounds of one incremental replicate cycle alone and one with a prune
# running beside it, on a directory repository that keeps gaining unused and mostly-unused packs
# (each round forgets all but the newest point). Prints the medians and their ratio.
#
#   bench/prune.sh [ROUNDS]     (default 7 of each; works in bench/out/prune, gitignored)
#   PRUNE_NICE=19 bench/prune.sh   the prune at a lower CPU priority (nice), as a daemon may run it
#
# Needs: java 17, mvn (to build target/pilotlight.jar when missing or stale), python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-7}"
jar="$root/target/pilotlight.jar"
out="$root/bench/out/prune"
repo="$out/repo"
image="$out/disk.img"

if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -o -DskipTests package) >&2
fi
rm -rf "$out"
mkdir -p "$out"
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --repo "$repo" --quiet)

# A 1 GiB sparse image with 256 MiB of random data; each change rewrites 8 random 1 MiB pieces.
change() {
    python3 - "$image" "$1" <<'PY'
import random, sys
path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
with open(path, "r+b") as f:
    for _ in range(8):
        f.seek(rng.randrange(256) << 20)
        f.write(rng.randbytes(1 << 20))
PY
}
python3 - "$image" <<'PY'
import random, sys
rng = random.Random(0)
with open(sys.argv[1], "wb") as f:
    f.truncate(1 << 30)
    for i in range(64):
        f.seek(i << 24)
        f.write(rng.randbytes(4 << 20))
PY

"${pilotlight[@]}" init >/dev/null
"${pilotlight[@]}" replicate --disk vm --source "file:$image" >/dev/null

cycle() { # one replicate cycle after a change; prints its wall time in ms
    change "$1"
    local start end
    start=$(date +%s%N)
    "${pilotlight[@]}" replicate --disk vm --source "file:$image" >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

forget_old() { # all but the newest point, as forget would
    ls "$repo/points/vm" | sort | head -n -1 | while read -r id; do rm -f "$repo/points/vm/$id"; done
}

alone=()
during=()
for ((i = 0; i < rounds; i++)); do
    for ((j = 0; j < 3; j++)); do cycle $((1000 * i + j)) >/dev/null; done # garbage for the prune
    forget_old
    alone+=("$(cycle $((1000 * i + 10)))")
    nice -n "${PRUNE_NICE:-0}" "${pilotlight[@]}" prune --grace 0s --allow-short-grace >"$out/prune-$i.txt" 2>&1 &
    prune=$!
    sleep 0.3 # the prune past its JVM start, walking the points
    during+=("$(cycle $((1000 * i + 11)))")
    if kill -0 "$prune" 2>/dev/null; then overlapped=yes; else overlapped=no; fi
    wait "$prune"
    echo "round $i: alone ${alone[-1]} ms, during prune ${during[-1]} ms (prune still running at the end: $overlapped)" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m_alone=$(median "${alone[@]}")
m_during=$(median "${during[@]}")
echo "replicate cycle, median of $rounds: alone $m_alone ms, during prune $m_during ms," \
    "ratio $(awk -v a="$m_alone" -v d="$m_during" 'BEGIN {printf "%.2f", d / a}')"
