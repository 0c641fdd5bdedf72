#!/usr/bin/env bash
# The project's test command (README "Try it"): installs what the tests need if missing, runs the
# unit and integration tests, then the demo as a smoke test.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the tests need beyond the JDK and Maven: QEMU's tools (qemu-img, qemu-io,
# qemu-nbd; qemu-storage-daemon) and libnbd's nbdinfo/nbdcopy, for the NBD and QEMU sources; Go and
# govmomi's simulator library, to build the vSphere simulator of the vSphere tests (testing/vsphere-sim);
# QEMU's x86 system emulator and the FAT/syslinux/partition tools that build the drill tests' bootable
# disk (testing/drill-disk/build.sh, which also downloads a Debian kernel and busybox-static); libvirt's
# daemon, QEMU driver and virsh for the libvirt source's tests (testing/Libvirtd starts them as root);
# virt-xml-validate (libvirt-clients, which runs xmllint from libxml2-utils) checks failover's libvirt domain XML;
# headless Chromium and its driver show the status page and the report's SVG (through Selenium).
APT_PACKAGES=(qemu-utils qemu-system-common libnbd-bin golang-go golang-github-vmware-govmomi-dev qemu-system-x86 mtools dosfstools syslinux syslinux-common fdisk cpio libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libxml2-utils chromium chromium-driver)
# The S3 interoperability test lists a repository with the aws CLI; any aws on PATH will do.
if ! command -v aws >/dev/null 2>&1; then
    APT_PACKAGES+=(awscli)
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} > 0)); then
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "test.sh: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

mvn -B test
./pilotlight demo
