#!/usr/bin/env bash
# Issue 13, measure 2: one daemon protecting DISKS (default 100) sparse raw images, each its own job
# on an `every 1m` schedule (rpo 2m), into S3Proxy (a separate process, bench/s3proxy-lib.sh), for
# DURATION seconds (default 1200). Each image is SIZE_MIB (default 64) with 29% random data
# (cycles.py w1); every CHANGE_EVERY seconds (default 30) the script changes GRAINS (default 4)
# random 64 KiB grains of every image (cycles.py w2). The daemon runs with -Xmx512m and a GC log.
#
# Measurement starts once every disk has its first point. Then, every SAMPLE_EVERY seconds (default
# 10): GET /api/status (what `pilotlight status --json` prints): each disk's ageSeconds, the age of
# its newest committed point = its RPO now; the load average; the daemon's RSS and CPU ticks and
# S3Proxy's CPU ticks. `jstat
# -gc` samples the heap at the same interval. At the end: per disk the max and p99 of its sampled
# RPO against 2x the schedule (120 s), the runs of the window from the history journal (duration,
# delay after their slot, failures), the heap (max used from jstat, max after a GC from the GC log).
#
#   bench/daemon-fleet.sh                   DISKS=100 DURATION=1200 (plus about 3 minutes to set up)
#   DURATION=180 DISKS=20 bench/daemon-fleet.sh
#   REPOS=4 bench/daemon-fleet.sh           the disks spread over 4 repositories (prefixes) of the
#                                           bucket: the scheduler runs one job per repository at once
#
# Works in bench/out/daemon-fleet (gitignored); deletes the images and S3Proxy's data at the end and
# keeps the samples, the journal, the logs and table.md. Needs java 17, mvn, python3, curl, jstat.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
disks="${DISKS:-100}" duration="${DURATION:-1200}" size="${SIZE_MIB:-64}" grains="${GRAINS:-4}"
change_every="${CHANGE_EVERY:-30}" sample_every="${SAMPLE_EVERY:-10}" repos="${REPOS:-1}"
schedule="${SCHEDULE:-every 1m}" heap="${HEAP:-512m}"
jar="$root/target/pilotlight.jar"
out="$root/bench/out/daemon-fleet"
work="$out/work"
source "$root/bench/s3proxy-lib.sh"
source "$root/bench/daemon-lib.sh"
die() { echo "bench: $*" >&2; exit 1; }
for tool in java mvn python3 curl jstat; do command -v "$tool" >/dev/null || die "$tool is missing"; done

build_jar_and_test_classes
rm -rf "$out"
mkdir -p "$work/disks" "$out/samples"
helpers=()
cleanup() {
    for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${helpers[@]}"; do wait "$pid" 2>/dev/null || true; done
    stop_daemon
    stop_s3proxy
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench: making $disks images of $size MiB" >&2
images=()
for ((d = 0; d < disks; d++)); do
    images+=("$work/disks/d$(printf %03d "$d").img")
    python3 "$root/bench/cycles.py" w1 "${images[d]}" "$size"
done
start_s3proxy "$work/s3" fleet
DAEMON_PORT=$(free_port)
{
    printf 'repositories:\n'
    for ((r = 0; r < repos; r++)); do
        printf '  r%d:\n    location: s3://fleet/r%d\n    endpoint: %s\n    region: us-east-1\n' "$r" "$r" "$S3_ENDPOINT"
    done
    printf 'disks:\n'
    for ((d = 0; d < disks; d++)); do
        printf '  d%03d:\n    source: file:%s\n    schedule: %s\n    rpo: 2m\n' "$d" "${images[d]}" "$schedule"
        ((repos == 1)) || printf '    repository: r%d\n' $((d % repos))
    done
    printf 'listener:\n  address: 127.0.0.1:%s\n' "$DAEMON_PORT"
} >"$out/pilotlight.yaml"
for ((r = 0; r < repos; r++)); do
    java -jar "$jar" --quiet --s3-endpoint "$S3_ENDPOINT" --repo "s3://fleet/r$r" init >/dev/null
done
"$root/pilotlight" config check "$out/pilotlight.yaml" >&2

echo "bench: starting the daemon (-Xmx$heap); it makes the first point of each disk" >&2
PILOTLIGHT_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$out/gc.log" start_daemon "$out/pilotlight.yaml" "$out/state" "$out/daemon.log"
# fresh_disks: how many disks have a committed point.
fresh_disks() {
    api GET /api/status | python3 -c 'import json, sys; print(sum(d.get("ageSeconds") is not None for d in json.load(sys.stdin)["disks"]))'
}
setup_start=$SECONDS
until (($(fresh_disks) == disks)); do
    ((SECONDS - setup_start < 3600)) || die "not every disk had a point after an hour; see $out/daemon.log"
    kill -0 "$DAEMON_PID" 2>/dev/null || die "the daemon exited; see $out/daemon.log"
    sleep 5
done
echo "bench: every disk has a point after $((SECONDS - setup_start)) s; measuring for $duration s" >&2

(
    seed=1000
    while true; do
        sleep "$change_every"
        CHANGED_GRAINS="$grains" python3 "$root/bench/cycles.py" w2 "${images[0]}" "$size" "$seed" "${images[@]:1}"
        seed=$((seed + disks))
    done
) &
helpers+=($!)
jstat -gc "$DAEMON_PID" "${sample_every}s" >"$out/jstat.txt" 2>&1 &
helpers+=($!)
start_epoch=$(date +%s)
(
    n=0
    while true; do
        now=$(date +%s.%N)
        printf '%s %s %s %s %s\n' "$now" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(process_cpu_ticks "$DAEMON_PID")" \
            "$(awk '/^VmRSS/ {print $2}' "/proc/$DAEMON_PID/status" 2>/dev/null || echo 0)" \
            "$(process_cpu_ticks "$S3PROXY_PID")" >>"$out/host.txt"
        api GET /api/status >"$out/samples/$(printf %05d "$n").json" 2>>"$out/samples/errors.txt" || true
        n=$((n + 1))
        sleep "$sample_every"
    done
) &
helpers+=($!)
while (($(date +%s) - start_epoch < duration)); do
    kill -0 "$DAEMON_PID" 2>/dev/null || die "the daemon exited during the run; see $out/daemon.log"
    sleep 5
done
end_epoch=$(date +%s)
for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${helpers[@]}"; do wait "$pid" 2>/dev/null || true; done
helpers=()
cp "$out/state/history.jsonl" "$out/history.jsonl"
stop_daemon
grep -c 'OutOfMemoryError' "$out/daemon.log" >/dev/null && echo "bench: the daemon ran out of heap; see $out/daemon.log" >&2

python3 "$root/bench/daemon-fleet-report.py" "$out" "$start_epoch" "$end_epoch" \
    "$(git -C "$root" rev-parse --short HEAD)" "$disks" "$size" "$grains" "$change_every" "$repos" "$heap" "$schedule" \
    | tee "$out/table.md"
