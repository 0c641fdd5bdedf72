#!/usr/bin/env bash
# Reads a 1 GiB fully allocated raw image served by qemu-nbd (unix socket) through pilotlight's
# NbdClient (io.pilotlight.nbd.NbdReadBench) and through `nbdcopy URI null:`, alternating, in the
# same run; prints a Markdown table (also bench/out/nbd/table.md). Goal: ≥ 0.8× nbdcopy.
#
#   bench/nbd.sh [ROUNDS]      # default 3 rounds; best and median of each tool are reported
#
# Needs: java 17, mvn (compiles classes and test classes), qemu-nbd, nbdcopy, python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/bench/out/nbd"
rounds="${1:-3}"
img="$res/disk-1g.raw"
sock="$res/nbd.sock"
die() { echo "bench: $*" >&2; exit 1; }
for tool in qemu-nbd nbdcopy java mvn python3; do command -v "$tool" >/dev/null || die "$tool is missing"; done

mkdir -p "$res"
(cd "$root" && mvn -q -B -DskipTests test-compile)
slf4j="$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"
simple="$HOME/.m2/repository/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"
cp="$root/target/classes:$root/target/test-classes:$slf4j:$simple"

if [[ ! -f "$img" || "$(stat -c %s "$img")" != 1073741824 ]]; then
    echo "bench: writing $img (1 GiB of random data)" >&2
    head -c 1G /dev/urandom > "$img.tmp" && mv "$img.tmp" "$img"
fi
cat "$img" > /dev/null   # warm the page cache: both tools read the same cached image

rm -f "$sock"
qemu-nbd -r -t -e 4 -f raw --socket="$sock" "$img" & server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -S "$sock" ]] && break; sleep 0.05; done
[[ -S "$sock" ]] || die "qemu-nbd did not create $sock"
uri="nbd+unix:///?socket=$sock"

now() { date +%s.%N; }
: > "$res/times"
for round in $(seq "$rounds"); do
    start=$(now); nbdcopy "$uri" null:; end=$(now)
    echo "nbdcopy $(echo "$end - $start" | bc)" >> "$res/times"
    line=$(java -Xmx256m -cp "$cp" io.pilotlight.nbd.NbdReadBench "$uri")
    echo "pilotlight $(echo "$line" | cut -d' ' -f2)" >> "$res/times"
    start=$(now); java -Xmx256m -cp "$cp" io.pilotlight.nbd.NbdReadBench "$uri" > /dev/null; end=$(now)
    echo "pilotlight-jvm $(echo "$end - $start" | bc)" >> "$res/times"
done

python3 - "$res/times" "$rounds" <<'PY' | tee "$res/table.md"
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    tool, seconds = line.split()
    times.setdefault(tool, []).append(float(seconds))
mib = 1024.0
base = statistics.median(times["nbdcopy"])
rows = [("`nbdcopy URI null:` (process)", "nbdcopy"),
        ("pilotlight `NbdClient`, 4 threads × 32 MiB reads, one connection (read loop only)", "pilotlight"),
        ("pilotlight `NbdReadBench` (whole JVM process, start-up included)", "pilotlight-jvm")]
print(f"1 GiB fully allocated raw image, qemu-nbd on a unix socket, page cache warm, {sys.argv[2]} rounds alternating.\n")
print("| reader | median (s) | best (s) | MiB/s (median) | × nbdcopy throughput |")
print("|---|---:|---:|---:|---:|")
for label, key in rows:
    med = statistics.median(times[key]); best = min(times[key])
    print(f"| {label} | {med:.3f} | {best:.3f} | {mib / med:.0f} | {base / med:.2f} |")
PY
