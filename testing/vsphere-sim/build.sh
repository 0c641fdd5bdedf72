#!/usr/bin/env bash
# Builds the simulator offline from Debian's packages (golang-go, golang-github-vmware-govmomi-dev):
#   testing/vsphere-sim/build.sh OUTDIR   ->   OUTDIR/vsphere-sim
set -euo pipefail
if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
gocode=/usr/share/gocode
if ! command -v go >/dev/null 2>&1; then
    echo "build.sh: go not found: install the Debian packages golang-go and golang-github-vmware-govmomi-dev" >&2
    exit 3
fi
if [[ ! -d "$gocode/src/github.com/vmware/govmomi/simulator" ]]; then
    echo "build.sh: govmomi's simulator not found in $gocode: install the Debian package golang-github-vmware-govmomi-dev" >&2
    exit 3
fi
export GO111MODULE=off GOPATH="$out/gopath:$gocode" GOFLAGS=
if [[ -z "${GOCACHE:-}" && ( -z "${HOME:-}" || ! -w "${HOME:-/nonexistent}" ) ]]; then
    export GOCACHE="$out/go-cache"
fi
cd "$here"
go build -o "$out/vsphere-sim.tmp" .
mv "$out/vsphere-sim.tmp" "$out/vsphere-sim"
