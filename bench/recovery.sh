#!/usr/bin/env bash
# Recovery-side benchmark (issue 5): `follow` against the seed's `dd conv=notrunc` of the same bytes
# (W1 full, W2 incremental), and RTO on W3 (40 GiB sparse, 4 GiB data): time from starting `serve`
# to the first byte readable over NBD, and `nbdcopy URI null:` from `serve` against `nbdcopy` from
# `qemu-nbd -r -f raw` of a raw restore of the same point. Prints a Markdown table (also
# bench/out/recovery/table.md). Work files in bench/out/recovery/ (gitignored); big images are
# deleted at the end, every server the script started is killed on exit.
#
#   bench/recovery.sh                  # W3 = 64 extents x 64 MiB (4 GiB data)
#   W3_EXTENTS=32 bench/recovery.sh    # W3 with 2 GiB of data
#   ROUNDS=5 bench/recovery.sh         # 5 rounds of dd and follow (default 3; medians reported)
#
# Needs: java 17, mvn (builds target/pilotlight.jar when missing or stale), python3, dd, cmp,
# nbdinfo and nbdcopy (libnbd-bin), qemu-nbd and qemu-io (qemu-utils), bc.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/bench/out/recovery"
jar="$root/target/pilotlight.jar"
w3_extents="${W3_EXTENTS:-64}"
rounds="${ROUNDS:-3}"
die() { echo "bench: $*" >&2; exit 1; }
for tool in java python3 dd cmp nbdinfo nbdcopy qemu-nbd qemu-io bc; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done
if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -DskipTests package)
fi

servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

rm -rf "$res"
mkdir -p "$res"
repo="$res/repo"
pl=("$root/pilotlight" --repo "$repo" --quiet)
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
: >"$res/times"
record() { echo "$1 $2" >>"$res/times"; echo "bench: $1 $2 s" >&2; }

# dd_extents SRC DST: the seed's way: one dd per extent (make_image.py extents), conv=notrunc.
dd_extents() {
    local src="$1" dst="$2" off len
    while read -r off len; do
        dd if="$src" of="$dst" bs=4M iflag=skip_bytes,count_bytes oflag=seek_bytes \
            skip="$off" seek="$off" count="$len" conv=notrunc status=none
    done
}

# ---- 1. follow against dd, W1 full and W2 incremental -------------------------------------------
# ROUNDS rounds, alternating dd and follow, each timed step after a `sync` of everything before it;
# the table gives medians. follow runs through the ./pilotlight launcher, as users run it, with its
# class-data archive for `follow` written by a warm-up run first.
disk="$res/disk.img"
echo "bench: making W1" >&2
python3 "$root/bench/make_image.py" w1 "$disk"
cp --sparse=always "$disk" "$res/w1.img"
python3 "$root/bench/make_image.py" extents w1 >"$res/w1.extents"
python3 "$root/bench/make_image.py" extents w2 >"$res/w2.extents"
"${pl[@]}" init >/dev/null
p1="$("${pl[@]}" replicate --disk bench --source "file:$disk")"
python3 "$root/bench/make_image.py" w2 "$disk"
p2="$("${pl[@]}" replicate --disk bench --source "file:$disk")"
echo "bench: points $p1 (W1) $p2 (W2)" >&2
"${pl[@]}" follow --disk bench --to "$res/warmup.img" --point "$p1" >/dev/null   # writes the archive
rm -f "$res"/warmup.img*
cat "$res/w1.img" "$disk" >/dev/null   # page cache warm for dd's reads, as the repository is

for round in $(seq "$rounds"); do
    # seed, W1: 25 extents into an empty sparse 2 GiB file
    rm -f "$res/dd.img"; truncate -s 2G "$res/dd.img"; sync
    t0=$(now); dd_extents "$res/w1.img" "$res/dd.img" <"$res/w1.extents"; t1=$(now)
    record "dd-w1-$round" "$(secs "$t0" "$t1")"
    t0=$(now); sync "$res/dd.img"; t1=$(now)
    record "dd-w1-sync-$round" "$(secs "$t0" "$t1")"
    cmp "$res/dd.img" "$res/w1.img" || die "dd W1 copy differs from W1"
    # follow, W1 (full first restore, digest checked)
    rm -f "$res"/standby.img*; sync
    t0=$(now); "${pl[@]}" follow --disk bench --to "$res/standby.img" --point "$p1" --json >"$res/follow-w1.json"; t1=$(now)
    record "follow-w1-$round" "$(secs "$t0" "$t1")"
    cmp "$res/standby.img" "$res/w1.img" || die "standby after follow of W1 differs from W1"

    # seed, W2: 320 grains into a copy of the W1 result
    cp --sparse=always "$res/dd.img" "$res/dd2.img"; sync
    t0=$(now); dd_extents "$disk" "$res/dd2.img" <"$res/w2.extents"; t1=$(now)
    record "dd-w2-$round" "$(secs "$t0" "$t1")"
    t0=$(now); sync "$res/dd2.img"; t1=$(now)
    record "dd-w2-sync-$round" "$(secs "$t0" "$t1")"
    cmp "$res/dd2.img" "$disk" || die "dd W2 copy differs from W2"
    # follow, W2 (incremental, over the standby this round's W1 follow left at p1; a copy would be
    # another file, which follow rightly treats as changed outside it and compares grain by grain)
    sync
    t0=$(now); "${pl[@]}" follow --disk bench --to "$res/standby.img" --point "$p2" --json >"$res/follow-w2.json"; t1=$(now)
    record "follow-w2-$round" "$(secs "$t0" "$t1")"
    cmp "$res/standby.img" "$disk" || die "standby after follow of W2 differs from the W2 image"
done
echo "bench: standby images equal W1 and W2 (cmp)" >&2
# JVM start-up alone, for reading the follow rows
t0=$(now); "$root/pilotlight" --version >/dev/null; t1=$(now)
record jvm-version "$(secs "$t0" "$t1")"

# follow --watch: a running follower (started on W1) applies W2 as its point lands; the apply's
# own time (durationMillis of the second JSON result) is what a pilot light waits after a commit,
# on top of half the polling interval.
python3 "$root/bench/make_image.py" w1 "$disk"
"${pl[@]}" replicate --disk watched --source "file:$disk" >/dev/null
rm -f "$res"/watch.img*
"${pl[@]}" follow --disk watched --to "$res/watch.img" --watch --interval 100ms --json >"$res/watch.json" &
servers+=($!)
for _ in $(seq 600); do [[ "$(grep -c durationMillis "$res/watch.json")" -ge 1 ]] && break; sleep 0.1; done
python3 "$root/bench/make_image.py" w2 "$disk"
sync
"${pl[@]}" replicate --disk watched --source "file:$disk" >/dev/null
for _ in $(seq 600); do [[ "$(grep -c durationMillis "$res/watch.json")" -ge 2 ]] && break; sleep 0.1; done
kill "${servers[-1]}"; wait "${servers[-1]}" 2>/dev/null || true
unset 'servers[-1]'
cmp "$res/watch.img" "$disk" || die "the watched standby differs from the W2 image"
rm -f "$res"/*.img

# ---- 2. RTO on W3 -------------------------------------------------------------------------------
w3="$res/w3.img"
echo "bench: making W3 (40 GiB sparse, $w3_extents x 64 MiB random)" >&2
python3 - "$w3" "$w3_extents" >"$res/w3.extents" <<'PY'
import random, sys
MIB = 1 << 20; GRAIN = 64 * 1024; SIZE = 40 * 1024 * MIB; EXTENT = 64 * MIB
path, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(3)
slot = SIZE // n // GRAIN * GRAIN
with open(path, "wb") as image:
    image.truncate(SIZE)
    for i in range(n):
        offset = i * slot + rng.randrange((slot - EXTENT) // GRAIN) * GRAIN
        image.seek(offset)
        for _ in range(EXTENT // (4 * MIB)):
            image.write(rng.randbytes(4 * MIB))
        print(offset, EXTENT)
PY
t0=$(now); p3="$("${pl[@]}" replicate --disk w3 --source "file:$w3")"; t1=$(now)
record w3-replicate "$(secs "$t0" "$t1")"
rm -f "$w3"
t0=$(now); "${pl[@]}" restore --disk w3 --point "$p3" --to "$res/w3-restored.img" >/dev/null; t1=$(now)
record w3-restore "$(secs "$t0" "$t1")"
first_off="$(head -n1 "$res/w3.extents" | cut -d' ' -f1)"

# serve: start to first byte readable (nbdinfo --size succeeds), then 4 KiB of data read
sock="$res/serve.sock"
rm -f "$sock"
t0=$(now)
"${pl[@]}" serve --disk w3 --point "$p3" --listen "unix:$sock" >"$res/serve.out" 2>"$res/serve.err" &
servers+=($!)
uri=""
for _ in $(seq 1000); do
    [[ -z "$uri" && -s "$res/serve.out" ]] && uri="$(head -n1 "$res/serve.out")"
    if [[ -n "$uri" ]] && nbdinfo --size "$uri" >"$res/serve.size" 2>/dev/null; then break; fi
    sleep 0.01
done
t1=$(now)
[[ -s "$res/serve.size" ]] || die "serve did not answer nbdinfo --size; see $res/serve.err"
record serve-first-byte "$(secs "$t0" "$t1")"
qemu-io -r -f raw -c "read $first_off 4k" "$uri" >/dev/null
t2=$(now)
record serve-first-4k-data "$(secs "$t0" "$t2")"
if nbdinfo "$uri" 2>/dev/null | grep -q base:allocation; then echo yes >"$res/serve.allocation"; else echo no >"$res/serve.allocation"; fi

# qemu-nbd of the raw restore
qsock="$res/qemu.sock"
rm -f "$qsock"
qemu-nbd -r -t -f raw --socket="$qsock" "$res/w3-restored.img" &
servers+=($!)
for _ in $(seq 200); do [[ -S "$qsock" ]] && break; sleep 0.02; done
[[ -S "$qsock" ]] || die "qemu-nbd did not create $qsock"
quri="nbd+unix:///?socket=$qsock"

# alternate: serve, qemu-nbd, serve, qemu-nbd
for round in 1 2; do
    t0=$(now); nbdcopy "$uri" null:; t1=$(now)
    record "nbdcopy-serve-$round" "$(secs "$t0" "$t1")"
    t0=$(now); nbdcopy "$quri" null:; t1=$(now)
    record "nbdcopy-qemu-$round" "$(secs "$t0" "$t1")"
done
cleanup
servers=()
rm -f "$res/w3-restored.img"
du -sb "$repo" | cut -f1 >"$res/repo.bytes"

python3 - "$res" "$w3_extents" "$rounds" <<'PY' | tee "$res/table.md"
import json, sys, datetime, statistics
res, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t = {}
for line in open(f"{res}/times"):
    k, v = line.split(); t[k] = float(v)
def med(name):
    return statistics.median(t[f"{name}-{r}"] for r in range(1, rounds + 1))
def spread(name):
    values = [t[f"{name}-{r}"] for r in range(1, rounds + 1)]
    return f"{min(values):.2f}–{max(values):.2f}"
alloc = open(f"{res}/serve.allocation").read().strip()
f1 = json.load(open(f"{res}/follow-w1.json")); f2 = json.load(open(f"{res}/follow-w2.json"))
watched = [json.loads(chunk) for chunk in open(f"{res}/watch.json").read().replace("}\n{", "}\x00{").split("\x00")]
data = n * 64
print(f"{datetime.date.today()}, recovery benchmark (bench/recovery.sh), directory repository, page cache warm;")
print(f"medians of {rounds} alternating rounds (range in the notes); follow through ./pilotlight with its archive.\n")
print("| step | time (s) | dd / follow | notes |")
print("|---|---:|---:|---|")
print(f"| `dd conv=notrunc` of W1's 25 extents into empty sparse 2 GiB file | {med('dd-w1'):.2f} | | {spread('dd-w1')}; + `sync` of the file: {med('dd-w1-sync'):.2f} s |")
print(f"| `follow --point p1` (W1, full) | {med('follow-w1'):.2f} | **{med('dd-w1')/med('follow-w1'):.2f}** | {spread('follow-w1')}; with dd's sync: {(med('dd-w1')+med('dd-w1-sync'))/med('follow-w1'):.2f}; JVM start ({t['jvm-version']:.2f} s for `--version`) and digest check included; last durationMillis {f1['durationMillis']}, verified {str(f1['verified']).lower()} |")
print(f"| `dd conv=notrunc` of W2's 320 grains into a copy | {med('dd-w2'):.2f} | | {spread('dd-w2')}; + `sync`: {med('dd-w2-sync'):.2f} s |")
print(f"| `follow --point p2` (W2, incremental, one process) | {med('follow-w2'):.2f} | **{med('dd-w2')/med('follow-w2'):.2f}** | {spread('follow-w2')}; with dd's sync: {(med('dd-w2')+med('dd-w2-sync'))/med('follow-w2'):.2f}; last durationMillis {f2['durationMillis']}, {f2['grainsWritten']} grains; equals W2 (cmp) |")
w = watched[-1]
print(f"| W2 applied by a running `follow --watch` | {w['durationMillis']/1000:.2f} | **{med('dd-w2')/(w['durationMillis']/1000):.2f}** | the apply's durationMillis, {w['grainsWritten']} grains, after the point is seen (polling every 100 ms); equals W2 (cmp) |")
print()
print(f"W3: 40 GiB sparse raw, {n} extents x 64 MiB random ({data} MiB data). replicate {t['w3-replicate']:.1f} s, raw restore {t['w3-restore']:.1f} s.\n")
print("| step | time (s) | MiB/s of data | notes |")
print("|---|---:|---:|---|")
print(f"| `serve` start to `nbdinfo --size` succeeding | **{t['serve-first-byte']:.2f}** | | goal < 2 s; JVM start included |")
print(f"| `serve` start to 4 KiB of data read (`qemu-io read`) | {t['serve-first-4k-data']:.2f} | | |")
for r in (1, 2):
    s, q = t[f'nbdcopy-serve-{r}'], t[f'nbdcopy-qemu-{r}']
    print(f"| `nbdcopy URI null:` from `serve`, round {r} | {s:.2f} | {data/s:.0f} | {q/s:.2f}x qemu-nbd throughput; base:allocation offered: {alloc} |")
    print(f"| `nbdcopy URI null:` from `qemu-nbd -r -f raw` of the restore, round {r} | {q:.2f} | {data/q:.0f} | |")
PY
