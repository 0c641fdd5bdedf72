#!/usr/bin/env bash
# Issue 18, goal 2: a no-change CBT cycle's store requests against the number of index files in the
# repository. A 1 GiB qcow2 holding 8 MiB of data is replicated once through the `qemu:` source
# (disk d) into a directory repository; points of another disk (`filler`, a 16 MiB raw image, one
# grain changed each time, bench/IndexHistory.java in one JVM) each add one index file, as the
# other disks of a fleet do. At POINTS (default "18 216") points in the repository, the repository
# and the qcow2 are copied and a
# no-change cycle is run on each copy by old code (a jar of OLD_REF, default main) and new code, the
# new one twice (the first fills this host's cache, the second is the steady state), with
# PILOTLIGHT_CACHE in bench/out/index-growth/cache; the store summary line ("store: N requests, ...")
# is recorded. Prints a Markdown table (also bench/out/index-growth/table.md).
#
#   bench/index-growth.sh                 # about 10 minutes here (216 cycles to build the history)
#   POINTS="4 40" bench/index-growth.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
points="${POINTS:-18 216}" old_ref="${OLD_REF:-main}"
out="$root/bench/out/index-growth"
jar="$root/target/pilotlight.jar"
old_commit="$(git -C "$root" rev-parse --verify "$old_ref^{commit}")"
old="/tmp/pilotlight-scale-${old_commit:0:12}.jar" # built by bench/scale.sh's old_jar, or here
if [[ ! -f "$old" ]]; then
    tree="$(mktemp -d /tmp/pilotlight-growth-old.XXXXXX)"
    git -C "$root" worktree add --detach -q "$tree" "$old_commit"
    (cd "$tree" && mvn -q -B -o -DskipTests -Dmaven.test.skip=true package) >&2
    cp "$tree/target/pilotlight.jar" "$old"
    git -C "$root" worktree remove --force "$tree"
fi
[[ -f "$jar" && -z "$(find "$root/src/main" -newer "$jar" -print -quit)" ]] \
    || (cd "$root" && mvn -q -B -o -DskipTests package) >&2
rm -rf "$out"
mkdir -p "$out/cache"
export PILOTLIGHT_CACHE="$out/cache"

qemu-img create -q -f qcow2 "$out/disk.qcow2" 1G
qemu-io -c "write -P 7 0 8M" "$out/disk.qcow2" >/dev/null
java -jar "$jar" --quiet --repo "$out/repo" init >/dev/null

# requests NAME JAR REPO IMAGE: a no-change cycle; its store summary line, appended to the table rows.
requests() {
    java -Xmx256m -jar "$2" --repo "$3" replicate --disk d --source "qemu:$4" 2>"$out/$1.err" >/dev/null \
        || { cat "$out/$1.err" >&2; exit 1; }
    grep -o 'store: [0-9]* requests[^;]*' "$out/$1.err" | head -1 | sed 's/^store: //'
}

java -Xmx256m -jar "$jar" --quiet --repo "$out/repo" replicate --disk d --source "qemu:$out/disk.qcow2" \
    --no-cache >/dev/null
made=1
rows=()
for n in $points; do
    java -cp "$jar" "$root/bench/IndexHistory.java" "$out/repo" "$out/filler.img" filler $((n - made)) 2>/dev/null
    made=$n
    files=$(find "$out/repo/index" -type f | wc -l)
    for v in old new; do
        rm -rf "$out/repo-$v" && cp -r "$out/repo" "$out/repo-$v" && cp "$out/disk.qcow2" "$out/disk-$v.qcow2"
    done
    old_line="$(requests "old-$n" "$old" "$out/repo-old" "$out/disk-old.qcow2")"
    first_line="$(requests "new-$n-first" "$jar" "$out/repo-new" "$out/disk-new.qcow2")"
    steady_line="$(requests "new-$n" "$jar" "$out/repo-new" "$out/disk-new.qcow2")"
    rows+=("| $n | $files | $old_line | $first_line | $steady_line |")
    rm -rf "$out/cache"/*
done

{
    echo "No-change \`qemu:\` cycle of a 1 GiB qcow2 (8 MiB of data), directory repository; old = $old_ref" \
        "(${old_commit:0:7}), new = $(git -C "$root" rev-parse --short HEAD) with a cache directory (first" \
        "run fills it, then the steady state)."
    echo
    echo "| points in the repository | index files | old | new, first run | new, steady |"
    echo "|---:|---:|---|---|---|"
    printf '%s\n' "${rows[@]}"
} | tee "$out/table.md"
