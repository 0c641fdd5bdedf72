#!/usr/bin/env bash
# Issue 18, goal 1: a cycle's cost against the disk's size. Sparse raw disks of 64 GiB, 512 GiB and
# 2 TiB holding the same 128 MiB of data (8 extents of 16 MiB, spread over the disk, `scale_image`)
# go through, with -Xmx256m (PILOTLIGHT_JAVA_OPTS), old code (OLD_REF, default main: its jar and its
# `pilotlight` launcher) and this checkout's, each through its own launcher as a user runs it (so
# with the class-data archives the launcher keeps; their first, dumping runs are untimed), in the
# same run, rounds alternating old and new:
#   - a no-change `replicate` of the file: source (after a first, untimed replicate),
#   - a no-change `replicate` of a qcow2 copy of the disk through the `qemu:` source (CBT: its
#     persistent dirty bitmap read over NBD; one qcow2 and one repository per version, as two
#     repositories on one image would take each other's bitmaps for leftovers),
#   - a first `follow` to a new standby image (its default check: the whole image digest),
#   - a `restore` to a new file.
# Per step and size: the median over ROUNDS (default 3) of wall seconds and CPU-seconds (user +
# system, GNU time), old and new, and the ratio old/new. The point digests of old and new runs must
# agree (the script fails otherwise). Works in bench/out/scale (gitignored); the table is also
# saved as bench/out/scale/table.md.
#
#   bench/scale.sh                        # about 10 minutes here, most of it the old code's
#   SIZES_GIB="64 2048" ROUNDS=1 bench/scale.sh
#   OLD_REF=abc1234 bench/scale.sh        # another baseline
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="${SIZES_GIB:-64 512 2048}" rounds="${ROUNDS:-3}" old_ref="${OLD_REF:-main}"
out="$root/bench/out/scale"
jar="$root/target/pilotlight.jar"
source "$root/bench/s3proxy-lib.sh"
# shellcheck source=bench/old-build-lib.sh
source "$root/bench/old-build-lib.sh"

# scale_image PATH GIB: a sparse file of GIB GiB, 8 extents of the same 16 MiB of seeded random data.
scale_image() {
    python3 - "$1" "$2" <<'EOF'
import random, sys
path, size = sys.argv[1], int(sys.argv[2]) << 30
data = random.Random(18).randbytes(128 << 20)
with open(path, "wb") as f:
    f.truncate(size)
    for i in range(8):
        offset = (size // 8 * i + (3 << 22)) // 65536 * 65536
        f.seek(offset)
        f.write(data[i << 24:(i + 1) << 24])
EOF
}

# timed NAME CMD...: runs CMD with -Xmx256m under GNU time; appends "wall cpu" to $out/NAME.times.
timed() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %U %S' -o "$out/last.time" "$@" >"$out/$name.out" 2>"$out/$name.err" \
        || { echo "bench: $name failed; see $out/$name.err" >&2; cat "$out/$name.err" >&2; exit 1; }
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$out/last.time" >>"$out/$name.times"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

build_jar_and_test_classes
old="$(old_build "$old_ref")" || exit 1
old_commit="$(git -C "$root" rev-parse --short "$old_ref^{commit}")" # main may move while this runs
rm -rf "$out"
mkdir -p "$out"
rm -f "$root"/target/pilotlight-*.jsa
export PILOTLIGHT_JAVA_OPTS="${PILOTLIGHT_JAVA_OPTS:--Xmx256m}"
declare -A launchers=([old]="$old/pilotlight" [new]="$root/pilotlight")
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
warm=""

for gib in $sizes; do
    image="$out/disk-$gib.img"
    scale_image "$image" "$gib"
    for v in old new; do
        qemu-img convert -S 64k -f raw -O qcow2 "$image" "$out/disk-$v-$gib.qcow2"
        run=("${launchers[$v]}" --quiet --repo "$out/repo-$v-$gib")
        "${run[@]}" init >/dev/null
        "${run[@]}" replicate --disk d --source "$image" >/dev/null
        "${run[@]}" replicate --disk q --source "qemu:$out/disk-$v-$gib.qcow2" >/dev/null
        if [[ -z "$warm" ]]; then # the first follow and restore write their launcher's archives: untimed
            "${run[@]}" follow --disk d --to "$out/warm-$v.img" >/dev/null
            "${run[@]}" restore --disk d --to "$out/warm-$v-restored.img" >/dev/null
            rm -f "$out/warm-$v.img"* "$out/warm-$v-restored.img"
        fi
    done
    warm=done
    for ((r = 0; r < rounds; r++)); do
        for v in old new; do
            run=("${launchers[$v]}" --quiet --repo "$out/repo-$v-$gib")
            timed "$v-$gib-cycle" "${run[@]}" replicate --disk d --source "$image"
            timed "$v-$gib-cbt" "${run[@]}" replicate --disk q --source "qemu:$out/disk-$v-$gib.qcow2"
            rm -f "$out/standby-$v.img" "$out/standby-$v.img".* "$out/restored-$v.img"
            timed "$v-$gib-follow" "${run[@]}" follow --disk d --to "$out/standby-$v.img"
            timed "$v-$gib-restore" "${run[@]}" restore --disk d --to "$out/restored-$v.img"
            read -r _ digest <"$out/$v-$gib-restore.out"
            echo "$digest" >"$out/$v-$gib.digest"
        done
        rm -f "$out"/standby-* "$out"/restored-*
        cmp -s "$out/old-$gib.digest" "$out/new-$gib.digest" \
            || { echo "bench: $gib GiB: old and new points differ in digest" >&2; exit 1; }
    done
    rm -f "$image" "$out/disk-old-$gib.qcow2" "$out/disk-new-$gib.qcow2"
    rm -rf "$out/repo-old-$gib" "$out/repo-new-$gib"
done

{
    echo "Sparse raw disk holding 128 MiB of data, \`file:\` source (and its qcow2 through \`qemu:\`), directory repository,"
    echo "each version through its own \`pilotlight\` launcher (class-data archives written by untimed first runs), $PILOTLIGHT_JAVA_OPTS;"
    echo "medians of $rounds rounds, old ($old_ref = $old_commit) and new" \
        "($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' + local changes')) alternating."
    echo
    echo "| disk | step | old wall (s) | new wall (s) | old/new | old CPU-s | new CPU-s | old/new |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    for gib in $sizes; do
        for step in cycle cbt follow restore; do
            ow=$(awk '{print $1}' "$out/old-$gib-$step.times" | median)
            nw=$(awk '{print $1}' "$out/new-$gib-$step.times" | median)
            oc=$(awk '{print $2}' "$out/old-$gib-$step.times" | median)
            nc=$(awk '{print $2}' "$out/new-$gib-$step.times" | median)
            label=$([[ $step == cycle ]] && echo "no-change replicate" || echo "first $step")
            [[ $step == restore ]] && label="restore"
            [[ $step == cbt ]] && label="no-change replicate, qemu: qcow2 (CBT)"
            awk -v g="$gib" -v l="$label" -v ow="$ow" -v nw="$nw" -v oc="$oc" -v nc="$nc" 'BEGIN {
                printf "| %s GiB | %s | %.2f | %.2f | %.1fx | %.2f | %.2f | %.1fx |\n", g, l, ow, nw, ow / nw, oc, nc, oc / nc }'
        done
    done
    echo
    echo "JVM start-up alone (\`java -Xmx256m -jar pilotlight.jar --version\`):" \
        "$(/usr/bin/time -f '%e s wall, %U+%S CPU-s' java -Xmx256m -jar "$jar" --version 2>&1 >/dev/null | tail -1);" \
        "load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
} | tee "$out/table.md"
