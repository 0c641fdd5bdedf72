#!/usr/bin/env bash
# Failover and failback benchmark (issue 15) on the drill test disk (testing/drill-disk/build.sh) under
# TCG, from a directory repository:
#   - failover from the follower's standby vs --instant from the repository: time from the command's
#     start to the first heartbeat and to the guest port answering (median of ROUNDS); the bytes QEMU
#     read from its disk (QMP query-blockstats rd_bytes: for --instant, what it read over NBD from the
#     repository's export) and, for --instant, the bytes the detached serve process read in all
#     (/proc/PID/io rchar: its repository reads plus its class loading and the NBD requests);
#   - failback: the guest writes 8 MiB (guest port 7778), the failover is stopped, `failback` stores
#     the recovered disk as a new point: repository growth vs the bytes the VM wrote; then
#     `follow --force` takes the original image over with it (grains written, images compared).
# Prints a Markdown table (also bench/out/failover/table.md); work files in bench/out/failover/.
#
#   bench/failover.sh            # 3 rounds of each failover
#   ROUNDS=5 bench/failover.sh
#
# Needs: java 17, mvn, python3, qemu-system-x86_64, qemu-img, and what build.sh needs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/bench/out/failover"
rounds="${ROUNDS:-3}"
die() { echo "bench: $*" >&2; exit 1; }
for tool in java python3 qemu-system-x86_64 qemu-img; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

rm -rf "$res"
mkdir -p "$res"
repo="$res/repo"
pl=("$root/pilotlight" --repo "$repo")
states=()
cleanup() {
    for state in "${states[@]}"; do
        [[ -f "$state/failover.json" ]] && "${pl[@]}" -q failover --stop --state-dir "$state" --grace 5s >/dev/null 2>&1
    done
    return 0
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
qmp() { # qmp SOCKET COMMAND -> the JSON reply
    python3 - "$1" "$2" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
f.readline(); f.write('{"execute":"qmp_capabilities"}\n'); f.flush(); f.readline()
f.write(json.dumps({"execute": sys.argv[2]}) + "\n"); f.flush()
while True:
    reply = json.loads(f.readline())
    if "return" in reply or "error" in reply:
        print(json.dumps(reply)); break
PY
}
rd_bytes() { qmp "$1/qmp.sock" query-blockstats | python3 -c 'import json,sys; print(sum(d["stats"]["rd_bytes"] for d in json.load(sys.stdin)["return"]))'; }
guest_writes() { # asks the guest to write 8 MiB: a connection to guest port 7778
    python3 - "$1" <<'PY'
import socket, sys, time
deadline = time.time() + 90
while time.time() < deadline:
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60); s.settimeout(60)
        data = s.recv(200)
        if b"PILOTLIGHT-WROTE" in data:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.5)
sys.exit("the guest did not write")
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
phase() { sed -n "s/.*RTO: .*$1 \([0-9.]*\) s.*/\1/p" "$2"; }

echo "bench: building the drill disk" >&2
bash "$root/testing/drill-disk/build.sh" "$res/disk" >"$res/build.log" 2>&1 || die "build.sh failed; see $res/build.log"
cp --sparse=always "$res/disk/drill-disk.raw" "$res/original.img"
"${pl[@]}" -q init >/dev/null
"${pl[@]}" -q replicate --disk web1 --source "$res/original.img" >/dev/null
"${pl[@]}" -q follow --disk web1 --to "$res/standby.img" >/dev/null

# failover MODE ROUND: one failover, timed; leaves the VM running (state in $res/MODE-ROUND)
failover() {
    local mode="$1" round="$2" state="$res/$1-$2" source
    states+=("$state")
    if [[ "$mode" == standby ]]; then source=(--standby "$res/standby.img"); else source=(--instant); fi
    marker_port=$(free_port); write_port=$(free_port)
    "${pl[@]}" failover --disk web1 "${source[@]}" --state-dir "$state" --accel tcg --timeout 120s \
        --forward "127.0.0.1:$marker_port:7777" --forward "127.0.0.1:$write_port:7778" --port 7777 \
        >"$state.out" 2>"$state.err" || die "failover $mode failed; see $state.err"
}

: >"$res/rows"
for mode in standby instant; do
    for round in $(seq "$rounds"); do
        failover "$mode" "$round"
        state="$res/$mode-$round"
        reads=$(rd_bytes "$state")
        serve=""
        if [[ "$mode" == instant ]]; then
            pid=$(sed -n 's/.*"serverPid" : \([0-9]*\).*/\1/p' "$state/failover.json")
            serve=$(awk '/^rchar/ {print $2}' "/proc/$pid/io")
        fi
        echo "$mode $(phase heartbeat "$state.out") $(phase 'port 7777' "$state.out") $reads ${serve:-0}" >>"$res/rows"
        echo "bench: $mode round $round: $(grep 'RTO:' "$state.out" | sed 's/^ *//'), QEMU read $reads bytes" >&2
        "${pl[@]}" -q failover --stop --state-dir "$state" >/dev/null
    done
done

echo "bench: failback" >&2
failover standby back
guest_writes "$write_port"
"${pl[@]}" -q failover --stop --state-dir "$res/standby-back" >/dev/null
before=$(du -sb "$repo" | cut -f1)
point=$("${pl[@]}" failback --from "$res/standby-back" 2>"$res/failback.err")
after=$(du -sb "$repo" | cut -f1)
written=$(sed -n 's/.*the VM wrote \([0-9.]* [KMG]iB\).*/\1/p' "$res/failback.err")
written_bytes=$(qemu-img map -U --output=json "$res/standby-back/disk-0.qcow2" | python3 -c \
    'import json,sys; print(sum(e["length"] for e in json.load(sys.stdin) if e["depth"] == 0 and e["data"]))')
"${pl[@]}" follow --disk web1 --to "$res/original.img" --point "$point" --force >/dev/null 2>"$res/follow.err"
grains=$(sed -n 's/.* \([0-9]*\) grains written.*/\1/p' "$res/follow.err")
qemu-img compare -q -f raw -F qcow2 "$res/original.img" "$res/standby-back/disk-0.qcow2" && same=yes || same=NO

{
    echo "| failover (TCG, drill disk, $rounds rounds, median) | to heartbeat | to port 7777 | QEMU read from its disk | serve process read (rchar) |"
    echo "|---|---:|---:|---:|---:|"
    for mode in standby instant; do
        hb=$(awk -v m="$mode" '$1 == m {print $2}' "$res/rows" | median)
        port=$(awk -v m="$mode" '$1 == m {print $3}' "$res/rows" | median)
        reads=$(awk -v m="$mode" '$1 == m {print $4}' "$res/rows" | median)
        serve=$(awk -v m="$mode" '$1 == m {print $5}' "$res/rows" | median)
        printf '| %s | %.1f s | %.1f s | %.1f MiB | %s |\n' "$mode" "$hb" "$port" "$(echo "$reads / 1048576" | bc -l)" \
            "$([[ $mode == instant ]] && printf '%.1f MiB' "$(echo "$serve / 1048576" | bc -l)" || echo "-")"
    done
    echo
    echo "| failback | the VM wrote | repository grew | ratio | follow --force wrote | original = recovered disk |"
    echo "|---|---:|---:|---:|---:|---|"
    printf '| standby failover, guest wrote 8 MiB | %d bytes (%s) | %d bytes | %.4fx | %s grains | %s |\n' \
        "$written_bytes" "$written" "$((after - before))" "$(echo "($after - $before) / $written_bytes" | bc -l)" \
        "$grains" "$same"
} | tee "$res/table.md"
