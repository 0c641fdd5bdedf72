#!/usr/bin/env bash
# The libvirt: source next to the qmp: source on the same disk: a 1 GiB qcow2 full of random data,
# (a) attached to a running TCG libvirt domain and replicated with libvirt:///system/DOMAIN, (b) opened
# by qemu-storage-daemon and replicated with qmp:SOCKET?node=disk0. Each gets a full cycle, a
# zero-change cycle and a 1%-change cycle (16 writes of 640 KiB, 10 MiB, through the running QEMU:
# HMP qemu-io for libvirt, the daemon's NBD export for qmp). Prints a Markdown table (also
# bench/out/libvirt/table.md). Needs root, libvirtd running (testing/Libvirtd's §11 setup), qemu tools.
#
#   bench/libvirt.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/bench/out/libvirt"
work="$res/work"
jar="$root/target/pilotlight.jar"
die() { echo "bench: $*" >&2; exit 1; }
virsh -c qemu:///system version >/dev/null || die "libvirtd is not answering at qemu:///system"
if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    (cd "$root" && mvn -o -q -B -DskipTests package)
fi
rm -rf "$res"
mkdir -p "$work"
pl() { java -jar "$jar" --quiet --repo "$@"; }
dom="pilotlight-bench-$$"
qsd_pid=""
cleanup() {
    virsh -q destroy "$dom" >/dev/null 2>&1 || true
    virsh -q undefine "$dom" --checkpoints-metadata >/dev/null 2>&1 || true
    [[ -n "$qsd_pid" ]] && kill "$qsd_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

head -c 1G /dev/urandom >"$work/disk.raw"
qemu-img convert -f raw -O qcow2 "$work/disk.raw" "$work/lv.qcow2"
cp "$work/lv.qcow2" "$work/qsd.qcow2"
rm "$work/disk.raw"

cat >"$work/dom.xml" <<XML
<domain type='qemu'><name>$dom</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>
<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$work/lv.qcow2'/>
<target dev='vda' bus='virtio'/></disk></devices></domain>
XML
virsh -q define "$work/dom.xml" >/dev/null
virsh -q start "$dom" >/dev/null
qemu-storage-daemon --blockdev "driver=file,filename=$work/qsd.qcow2,node-name=file0" \
    --blockdev "driver=qcow2,file=file0,node-name=disk0" \
    --chardev "socket,path=$work/qmp.sock,server=on,wait=off,id=qmp0" --monitor chardev=qmp0 \
    --nbd-server "addr.type=unix,addr.path=$work/nbd.sock" \
    --export "type=nbd,id=guest,node-name=disk0,name=disk0,writable=on" >"$work/qsd.log" 2>&1 &
qsd_pid=$!
for _ in $(seq 100); do [[ -S "$work/nbd.sock" ]] && break; sleep 0.1; done

declare -A sources=([libvirt]="libvirt:///system/$dom?scratch=$work/scratch"
    [qmp]="vda=qmp:$work/qmp.sock?node=disk0&nbd-socket=$work/nbd.sock")
change() { # 16 writes of 640 KiB spread over the disk, pattern $2
    for i in $(seq 0 15); do
        local cmd="write -P $2 $((i * 64 + 7))M 640k"
        if [[ "$1" == libvirt ]]; then
            virsh -q qemu-monitor-command "$dom" --hmp "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"$cmd\"" >/dev/null
        else
            qemu-io -f raw -c "$cmd" "nbd+unix:///disk0?socket=$work/nbd.sock" >/dev/null
        fi
    done
}
cycle() { # cycle KIND NAME
    local start end
    start=$(date +%s.%N)
    pl "$work/repo-$1" replicate --group bench --source "${sources[$1]}" --json >"$res/$1-$2.json" 2>"$res/$1-$2.err" \
        || die "$1 $2 failed: $(cat "$res/$1-$2.err")"
    end=$(date +%s.%N)
    echo "$end - $start" | bc >"$res/$1-$2.wall"
}
for kind in libvirt qmp; do
    pl "$work/repo-$kind" init >/dev/null
    cycle "$kind" full
    cycle "$kind" zero
    change "$kind" 0x5a
    cycle "$kind" one-percent
done

python3 - "$res" <<'PY' | tee "$res/table.md"
import json, sys
res = sys.argv[1]
MIB = 1 << 20
print("`bench/libvirt.sh`: 1 GiB qcow2 of random data; 1% = 16 × 640 KiB written through the running QEMU;"
      " directory repositories, one run each.\n")
print("| source | cycle | wall (s) | durationMillis | read | changed | stored | full pass |")
print("|---|---|---:|---:|---:|---:|---:|---|")
for kind in ("libvirt", "qmp"):
    for cycle in ("full", "zero", "one-percent"):
        p = json.load(open(f"{res}/{kind}-{cycle}.json"))["disks"][0]
        wall = float(open(f"{res}/{kind}-{cycle}.wall").read())
        print(f"| `{kind}:` | {cycle} | {wall:.2f} | {p['durationMillis']} | {p['readBytes'] / MIB:.1f} MiB"
              f" | {p['changedBytes'] / MIB:.1f} MiB | {p['storedBytes'] / MIB:.2f} MiB | {str(p['fullPass']).lower()} |")
PY
