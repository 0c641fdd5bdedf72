#!/usr/bin/env bash
# Dirty-bitmap source against hash-compare on the same change: W1 as a raw image (file: source) and
# as a qcow2 made from it (qemu: source, persistent dirty bitmaps), each replicated in full into its
# own repository; then the W2 change applied to both (make_image.py w2 on the raw image, the same
# 320 grains copied into the qcow2 with qemu-io) and replicated incrementally. Both latest points
# are restored and compared with the raw image. Prints a Markdown table (also bench/out/qemu/table.md).
#
#   bench/qemu.sh
#
# Needs: java 17, mvn (builds target/pilotlight.jar when stale), python3, qemu-img, qemu-io,
# GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/bench/out/qemu"
work="$res/work"
jar="$root/target/pilotlight.jar"
die() { echo "bench: $*" >&2; exit 1; }
for tool in qemu-img qemu-io java mvn python3 /usr/bin/time; do command -v "$tool" >/dev/null || die "$tool is missing"; done

if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -DskipTests package)
fi

rm -rf "$res"
mkdir -p "$work"
raw="$work/disk.raw"
qcow="$work/disk.qcow2"
# shellcheck disable=SC2206 # PILOTLIGHT_JAVA_OPTS holds several words on purpose
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --quiet --repo)
pl() { "${pilotlight[@]}" "$@"; }

# measure NAME COMMAND...: stdout to NAME.out, GNU time to NAME.time.
measure() {
    local name="$1"
    shift
    echo "bench: $name" >&2
    /usr/bin/time -v -o "$res/$name.time" "$@" >"$res/$name.out" 2>"$res/$name.err" \
        || die "$name failed; see $res/$name.err"
}

echo "bench: making W1 (raw) and its qcow2" >&2
python3 "$root/bench/make_image.py" w1 "$raw"
qemu-img convert -f raw -O qcow2 "$raw" "$qcow"
for kind in qemu file; do pl "$work/repo-$kind" init >/dev/null; done

measure w1-qemu "${pilotlight[@]}" "$work/repo-qemu" replicate --disk bench --source "qemu:$qcow" --json
measure w1-file "${pilotlight[@]}" "$work/repo-file" replicate --disk bench --source "file:$raw" --json

echo "bench: applying W2 to the raw image and the same 320 grains to the qcow2" >&2
python3 "$root/bench/make_image.py" w2 "$raw"
mkdir -p "$work/grains"
writes=()
while read -r offset length; do
    dd if="$raw" of="$work/grains/$offset" bs=64K skip="$offset" count="$length" \
        iflag=skip_bytes,count_bytes status=none
    writes+=(-c "write -q -s $work/grains/$offset $offset $length")
done < <(python3 "$root/bench/make_image.py" extents w2)
(( ${#writes[@]} == 640 )) || die "expected 320 W2 grains, got $(( ${#writes[@]} / 2 ))"
qemu-io -f qcow2 "${writes[@]}" "$qcow" >/dev/null
qemu-img compare -q -f raw -F qcow2 "$raw" "$qcow" || die "the qcow2 differs from the raw image after W2"
rm -rf "$work/grains"
sync

measure w2-qemu "${pilotlight[@]}" "$work/repo-qemu" replicate --disk bench --source "qemu:$qcow" --json
measure w2-file "${pilotlight[@]}" "$work/repo-file" replicate --disk bench --source "file:$raw" --json

want="$(sha256sum <"$raw" | cut -d' ' -f1)"
for kind in qemu file; do
    pl "$work/repo-$kind" restore --disk bench --point latest --to "$work/restored-$kind.raw" >/dev/null
    got="$(sha256sum <"$work/restored-$kind.raw" | cut -d' ' -f1)"
    [[ "$got" == "$want" ]] || die "$kind: the restored W2 point differs from the raw image"
    rm -f "$work/restored-$kind.raw"
done
echo "bench: both W2 points restore to the raw image byte for byte (sha256)" >&2

python3 - "$res" <<'PY' | tee "$res/table.md"
import datetime, json, re, sys
res = sys.argv[1]
MIB = 1 << 20

def wall(name):
    text = open(f"{res}/{name}.time").read()
    seconds = 0.0
    for part in re.search(r"Elapsed \(wall clock\) time.*: (.+)", text).group(1).strip().split(":"):
        seconds = seconds * 60 + float(part)
    return seconds

def row(label, name):
    p = json.load(open(f"{res}/{name}.out"))
    return label, wall(name), p

rows = [row("W1 full, `qemu:` qcow2 (dirty bitmaps)", "w1-qemu"),
        row("W1 full, `file:` raw", "w1-file"),
        row("W2 incremental, `qemu:` qcow2 (dirty bitmap)", "w2-qemu"),
        row("W2 incremental, `file:` raw (hash-compare)", "w2-file")]
print(f"{datetime.date.today()}, `bench/qemu.sh`: 2 GiB W1 (600 MiB in 25 extents), then W2 (320 × 64 KiB grains, 20 MiB);"
      " one run, directory repositories, page cache warm.\n")
print("| step | wall (s) | durationMillis | read | changed | new | stored | full pass |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
for label, seconds, p in rows:
    print(f"| {label} | {seconds:.2f} | {p['durationMillis']} | {p['readBytes'] / MIB:.1f} MiB | {p['changedBytes'] / MIB:.1f} MiB"
          f" | {p['newBytes'] / MIB:.1f} MiB | {p['storedBytes'] / MIB:.2f} MiB | {str(p['fullPass']).lower()} |")
q, f = rows[2], rows[3]
def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"
print(f"\nW2, `file:` over `qemu:`: wall {ratio(f[1], q[1])}×, durationMillis {ratio(f[2]['durationMillis'], q[2]['durationMillis'])}×,"
      f" bytes read {ratio(f[2]['readBytes'], q[2]['readBytes'])}×; stored bytes `qemu:`/`file:` {ratio(q[2]['storedBytes'], f[2]['storedBytes'])}.")
PY
rm -rf "$work"
