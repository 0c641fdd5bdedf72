#!/usr/bin/env bash
# Builds the drill test disk: a 256 MiB sparse raw disk (MBR, one FAT16 partition, syslinux) that boots
# Debian's kernel with a busybox initramfs. Its /init prints "PILOTLIGHT-HEARTBEAT <marker>" on ttyS0
# (the marker read from MARKER.TXT on its own partition), sets 10.0.2.15/24, answers on TCP 7777 with
# "PILOTLIGHT-MARKER <marker>", and powers off on ACPI power button (busybox acpid) or after 600 s. A
# connection to TCP 7778 makes the guest write 8 MiB of random data at 192 MiB of /dev/vda (free space
# of its partition), sync, and answer "PILOTLIGHT-WROTE 8 MiB at 192 MiB" (failover and failback tests).
# No loop device, mount or root needed: the packages are downloaded, not installed.
#
#   build.sh OUT_DIR [MARKER]   -> OUT_DIR/drill-disk.raw, OUT_DIR/vmlinuz, OUT_DIR/marker
#
# Needs: apt-get, dpkg-deb, cpio, gzip, mkfs.vfat (dosfstools), mcopy (mtools), syslinux,
# syslinux-common (mbr.bin), sfdisk (fdisk).
set -euo pipefail

out=${1:?usage: build.sh OUT_DIR [MARKER]}
marker=${2:-drill-disk-v1}
disk_mib=256
part_start=2048 # sectors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

cd "$work"
kernel_package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
[[ -n "$kernel_package" ]] || { echo "build.sh: apt-cache names no kernel package for linux-image-amd64" >&2; exit 3; }
apt-get download -q "$kernel_package" busybox-static >/dev/null 2>download.log \
    || { cat download.log >&2; echo "build.sh: cannot download $kernel_package busybox-static" >&2; exit 3; }

mkdir kernel busybox
dpkg-deb --fsys-tarfile linux-image-*.deb | tar -x -C kernel --wildcards './boot/vmlinuz-*' './lib/modules/*'
dpkg-deb --fsys-tarfile busybox-static_*.deb | tar -x -C busybox ./bin/busybox
moddir=$(echo kernel/lib/modules/*/kernel)

# Modules in load order: each after its dependencies (read from the .modinfo "depends=" entry).
declare -A seen=()
order=()
add_module() {
    local name=$1 file dep
    [[ -n "${seen[$name]:-}" ]] && return
    seen[$name]=1
    file=$(find "$moddir" -name "$name.ko" -o -name "${name//_/-}.ko" | head -1)
    [[ -n "$file" ]] || return 0 # built into the kernel
    for dep in $(tr '\0' '\n' < "$file" | sed -n 's/^depends=//p' | tr ',' ' '); do
        add_module "$dep"
    done
    order+=("$file")
}
for module in virtio_pci virtio_blk virtio_net fat vfat nls_cp437 nls_ascii nls_utf8 button evdev; do
    add_module "$module"
done

root=initramfs
mkdir -p $root/{bin,dev,proc,sys,mnt,tmp,lib/modules,etc/acpi/PWRF}
cp busybox/bin/busybox $root/bin/busybox
for file in "${order[@]}"; do
    cp "$file" $root/lib/modules/
    basename "$file" >> $root/lib/modules/order
done
cat > $root/etc/acpi/PWRF/00000080 <<'SCRIPT'
#!/bin/sh
echo "PILOTLIGHT-POWEROFF acpi" > /dev/console
poweroff -f
SCRIPT
cat > $root/bin/marker <<'SCRIPT'
#!/bin/sh
echo "PILOTLIGHT-MARKER $(cat /tmp/marker)"
SCRIPT
cat > $root/bin/scribble <<'SCRIPT'
#!/bin/sh
dd if=/dev/urandom of=/dev/vda bs=1M seek=192 count=8 conv=notrunc 2>/dev/null && sync
echo "PILOTLIGHT-WROTE 8 MiB at 192 MiB"
SCRIPT
cat > $root/init <<'SCRIPT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in $(cat /lib/modules/order); do insmod /lib/modules/$module 2>/dev/null; done
tries=0
while [ ! -b /dev/vda1 ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
if mount -t vfat -o ro /dev/vda1 /mnt && [ -s /mnt/MARKER.TXT ]; then
    tr -d '\r\n' < /mnt/MARKER.TXT > /tmp/marker
else
    echo -n "no-marker" > /tmp/marker
fi
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
acpid -c /etc/acpi -l /tmp/acpid.log
nc -ll -p 7777 -e /bin/marker &
nc -ll -p 7778 -e /bin/scribble &
(sleep 600; echo "PILOTLIGHT-POWEROFF timeout" > /dev/console; poweroff -f) &
echo "PILOTLIGHT-HEARTBEAT $(cat /tmp/marker)"
while true; do sleep 3600; done
SCRIPT
chmod 755 $root/init $root/bin/marker $root/bin/scribble $root/etc/acpi/PWRF/00000080
(cd $root && find . | cpio -o -H newc --quiet | gzip -9) > initrd.gz

cat > syslinux.cfg <<'CFG'
SERIAL 0 115200
DEFAULT drill
PROMPT 0
TIMEOUT 0
LABEL drill
  KERNEL vmlinuz
  INITRD initrd.gz
  APPEND console=ttyS0,115200 panic=-1 quiet loglevel=3
CFG
printf '%s\n' "$marker" > MARKER.TXT
part_sectors=$(( disk_mib * 2048 - part_start ))
mkfs.vfat -F 16 -n DRILL -C part.img $(( part_sectors / 2 )) >/dev/null
mcopy -i part.img kernel/boot/vmlinuz-* ::vmlinuz
mcopy -i part.img initrd.gz syslinux.cfg MARKER.TXT ::
syslinux --install part.img

truncate -s ${disk_mib}M disk.raw
echo "start=$part_start, type=6, bootable" | sfdisk -q disk.raw
dd if=/usr/lib/syslinux/mbr/mbr.bin of=disk.raw bs=440 count=1 conv=notrunc status=none
dd if=part.img of=disk.raw bs=512 seek=$part_start conv=notrunc,sparse status=none

cp kernel/boot/vmlinuz-* vmlinuz
printf '%s' "$marker" > marker
mv -f vmlinuz marker "$out"/
cp --sparse=always disk.raw "$out"/drill-disk.raw.tmp
mv -f "$out"/drill-disk.raw.tmp "$out"/drill-disk.raw
