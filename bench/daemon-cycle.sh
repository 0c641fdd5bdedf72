#!/usr/bin/env bash
# Issue 13, measure 1: a zero-change replication cycle run by the daemon (warm JVM) against the same
# cycle as a command (`./pilotlight replicate`, a JVM started for it, with the launcher's class-data
# archive), for two disks in one directory repository:
#   big    qemu:  a 40 GiB qcow2 holding 4 GiB of data (64 extents of 64 MiB written by qemu-io with
#                 a byte pattern each: sparse and quick to make; the repository dedups each extent)
#   small  file:  a 1 GiB sparse raw image with 300 MiB of random data in 25 extents (cycles.py w1)
# The daemon has both disks on an `every 24h` schedule (it makes their first points when it starts,
# then waits); each daemon cycle is started through its API (POST /api/jobs/NAME/run, what
# `pilotlight run NAME` sends) and ends when the run's record reaches the history journal. Daemon:
# wall from the request to the record, the record's own duration (end - start), and CPU from
# /proc/PID/stat (utime+stime+cutime+cstime) before and after. Command: wall and CPU (user+sys, its
# children included) from GNU time. After one untimed warm-up of each, ROUNDS rounds (default 5)
# alternate which goes first; the table has medians and the median of the per-round ratios.
#
#   bench/daemon-cycle.sh                       ROUNDS=5 QCOW_GIB=40 QCOW_DATA_GIB=4 FILE_MIB=1024
#   SOURCES=file ROUNDS=3 bench/daemon-cycle.sh  only the file: disk
#
# Works in bench/out/daemon-cycle (gitignored), deletes the images at the end; results in
# bench/out/daemon-cycle/{rounds.tsv,table.md}. Needs java 17, mvn, python3, curl, qemu-img, qemu-io,
# GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-5}" qcow_gib="${QCOW_GIB:-40}" qcow_data_gib="${QCOW_DATA_GIB:-4}" file_mib="${FILE_MIB:-1024}"
sources="${SOURCES:-qemu file}"
out="$root/bench/out/daemon-cycle"
work="$out/work"
source "$root/bench/s3proxy-lib.sh"
source "$root/bench/daemon-lib.sh"
die() { echo "bench: $*" >&2; exit 1; }
for tool in java mvn python3 curl qemu-img qemu-io /usr/bin/time; do command -v "$tool" >/dev/null || die "$tool is missing"; done

build_jar_and_test_classes
rm -rf "$out"
mkdir -p "$work"
cleanup() {
    stop_daemon
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
journal="$work/state/history.jsonl"
clk=$(getconf CLK_TCK)

declare -A disk_source=()
for kind in $sources; do
    case "$kind" in
        qemu)
            echo "bench: making a ${qcow_gib} GiB qcow2 with ${qcow_data_gib} GiB of data" >&2
            qemu-img create -q -f qcow2 "$work/big.qcow2" "${qcow_gib}G"
            extents=$((qcow_data_gib * 16)) writes=()
            for ((i = 0; i < extents; i++)); do
                writes+=(-c "write -q -P $((i % 255 + 1)) $((i * qcow_gib * 1024 / extents))M 64M")
            done
            qemu-io -f qcow2 "${writes[@]}" "$work/big.qcow2" >/dev/null
            disk_source[big]="qemu:$work/big.qcow2" ;;
        file)
            python3 "$root/bench/cycles.py" w1 "$work/small.img" "$file_mib"
            disk_source[small]="file:$work/small.img" ;;
        *) die "SOURCES: unknown source kind $kind (qemu, file)" ;;
    esac
done
disks=$(printf '%s\n' "${!disk_source[@]}" | sort -r | tr '\n' ' ')

DAEMON_PORT=$(free_port)
{
    printf 'repositories:\n  bench:\n    location: %s\n' "$work/repo"
    printf 'disks:\n'
    for disk in $disks; do printf '  %s:\n    source: %s\n    schedule: every 24h\n' "$disk" "${disk_source[$disk]}"; done
    printf 'listener:\n  address: 127.0.0.1:%s\n' "$DAEMON_PORT"
} >"$work/pilotlight.yaml"
"$root/pilotlight" --quiet --repo "$work/repo" init >/dev/null
"$root/pilotlight" config check "$work/pilotlight.yaml" >&2

# journal_lines: how many runs the daemon has recorded.
journal_lines() { if [[ -f "$journal" ]]; then wc -l <"$journal"; else echo 0; fi; }

# wait_for_runs N SECONDS: until the journal holds N records.
wait_for_runs() {
    local deadline=$((SECONDS + $2))
    while (($(journal_lines) < $1)); do
        ((SECONDS < deadline)) || die "the daemon recorded $(journal_lines) runs, not $1, in $2 s; see $out/daemon.log"
        kill -0 "$DAEMON_PID" 2>/dev/null || die "the daemon exited; see $out/daemon.log"
        sleep 0.02
    done
}

echo "bench: starting the daemon (its first points of: $disks)" >&2
start_daemon "$work/pilotlight.yaml" "$work/state" "$out/daemon.log"
ndisks=$(wc -w <<<"$disks")
wait_for_runs "$ndisks" 1800
python3 - "$journal" <<'PY' >&2
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if not r["succeeded"]:
        sys.exit(f"bench: the daemon's first run of {r['job']} failed: {r['reason']}")
    print(f"bench: first point of {r['job']}: {r['bytesRead'] >> 20} MiB read, {r['bytesStored'] >> 20} MiB stored")
PY

# daemon_cycle DISK ROUND: one run started through the API; appends a row to rounds.tsv.
daemon_cycle() {
    local disk="$1" round="$2" before ticks0 ticks1 t0 t1 answer
    before=$(journal_lines)
    ticks0=$(process_cpu_ticks "$DAEMON_PID")
    t0=$(date +%s.%N)
    answer=$(api POST "/api/jobs/$disk/run")
    grep -Eq '"(STARTED|QUEUED)"' <<<"$answer" || die "run $disk: the daemon answered $answer"
    wait_for_runs $((before + 1)) 3600
    t1=$(date +%s.%N)
    ticks1=$(process_cpu_ticks "$DAEMON_PID")
    python3 - "$disk" "$round" "$(echo "$t1 - $t0" | bc)" "$(echo "scale=2; ($ticks1 - $ticks0) / $clk" | bc)" \
        "$(tail -1 "$journal")" <<'PY' >>"$out/rounds.tsv"
import json, sys
from datetime import datetime
disk, rnd, wall, cpu, line = sys.argv[1:6]
r = json.loads(line)
if r["job"] != disk or not r["succeeded"]:
    sys.exit(f"bench: daemon run of {disk}: unexpected record {r}")
at = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))
run = (at(r["end"]) - at(r["start"])).total_seconds()
print(f"{disk}\tdaemon\t{rnd}\t{float(wall):.3f}\t{float(cpu):.2f}\t{run:.3f}\t{r['bytesRead']}\t{r['bytesChanged']}")
PY
}

# command_cycle DISK ROUND: the same cycle as a command, under GNU time.
command_cycle() {
    local disk="$1" round="$2"
    /usr/bin/time -f '%e %U %S' -o "$out/command.time" "$root/pilotlight" --quiet --repo "$work/repo" \
        replicate --disk "$disk" --source "${disk_source[$disk]}" --json >"$out/command.json" 2>"$out/command.err" \
        || die "replicate $disk failed; see $out/command.err"
    python3 - "$disk" "$round" "$out/command.time" "$out/command.json" <<'PY' >>"$out/rounds.tsv"
import json, sys
disk, rnd, timing, point = sys.argv[1:5]
wall, user, system = (float(x) for x in open(timing).read().split()[-3:])
p = json.load(open(point))
print(f"{disk}\tcommand\t{rnd}\t{wall:.3f}\t{user + system:.2f}\t{p['durationMillis'] / 1000:.3f}\t{p['readBytes']}\t{p['changedBytes']}")
PY
}

printf 'disk\tmode\tround\twall_s\tcpu_s\trun_s\tbytes_read\tbytes_changed\n' >"$out/rounds.tsv"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for disk in $disks; do
    echo "bench: warm-up of $disk (untimed: the command writes its class-data archive)" >&2
    command_cycle "$disk" 0
    daemon_cycle "$disk" 0
done
for ((r = 1; r <= rounds; r++)); do
    echo "bench: round $r of $rounds (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    for disk in $disks; do
        if ((r % 2)); then
            command_cycle "$disk" "$r"
            daemon_cycle "$disk" "$r"
        else
            daemon_cycle "$disk" "$r"
            command_cycle "$disk" "$r"
        fi
    done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$out/rounds.tsv" "$rounds" "$load_start" "$load_end" "$(git -C "$root" rev-parse --short HEAD)" \
    "$qcow_gib" "$qcow_data_gib" "$file_mib" <<'PY' | tee "$out/table.md"
import csv, datetime, statistics, sys
tsv, rounds, load_start, load_end, commit, qcow_gib, qcow_data_gib, file_mib = sys.argv[1:9]
rows = [r for r in csv.DictReader(open(tsv), delimiter="\t") if r["round"] != "0"]
label = {"big": f"`qemu:` {qcow_gib} GiB qcow2, {qcow_data_gib} GiB data",
         "small": f"`file:` {int(file_mib) // 1024 if int(file_mib) >= 1024 else file_mib} {'GiB' if int(file_mib) >= 1024 else 'MiB'} raw, hash-compare"}
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, `bench/daemon-cycle.sh`, {rounds} alternating rounds"
      f" after one warm-up each; load average (1/5/15 min) {load_start} at the start, {load_end} at the end.\n")
print("| disk | zero-change cycle by | wall median (min–max) s | run (journal / durationMillis) median s | CPU median s | MiB read |")
print("|---|---|---:|---:|---:|---:|")
med = lambda xs: statistics.median(xs)
for disk in ("big", "small"):
    for mode in ("command", "daemon"):
        rs = [r for r in rows if r["disk"] == disk and r["mode"] == mode]
        if not rs:
            continue
        wall = [float(r["wall_s"]) for r in rs]
        print(f"| {label[disk]} | {mode} | {med(wall):.3f} ({min(wall):.3f}–{max(wall):.3f}) | {med(float(r['run_s']) for r in rs):.3f}"
              f" | {med(float(r['cpu_s']) for r in rs):.2f} | {med(int(r['bytes_read']) for r in rs) / 2**20:.0f} |")
print()
for disk in ("big", "small"):
    by = {(r["mode"], r["round"]): r for r in rows if r["disk"] == disk}
    pairs = [(by[("daemon", k)], by[("command", k)]) for (m, k) in by if m == "daemon" and ("command", k) in by]
    if not pairs:
        continue
    wall = med(float(d["wall_s"]) / float(c["wall_s"]) for d, c in pairs)
    cpu = [float(d["cpu_s"]) / float(c["cpu_s"]) for d, c in pairs if float(c["cpu_s"]) > 0]
    verdict = "met" if wall <= 0.2 else "not met"
    print(f"- {label[disk]}: daemon / command, median of per-round ratios: wall **{wall:.3f}** (1/{1 / wall:.1f}),"
          f" CPU {med(cpu):.3f} (1/{1 / med(cpu):.1f}); goal <= 1/5 of the command: {verdict}")
PY
