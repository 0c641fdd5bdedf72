#!/usr/bin/env bash
# Issue 18, goal 2: a no-change `qemu:` CBT cycle of one disk (d0) in a repository of DISKS disks x
# POINTS points (default 50 x 200) on S3Proxy, against the same cycle in a repository of that disk
# alone. Both repositories are built on the directory S3Proxy serves (its filesystem provider keeps
# an object as a file under DATA/<bucket>/<key>), through the library of each jar, in its own format
# (bench/FleetHistory.java: 256 KiB raw disks, one changed grain per point, so every point writes
# one pack, one index file, one manifest; points 5 minutes apart, the last an hour ago): `alone`
# holds d0's POINTS-1 points; `fleet` is a copy of it plus DISKS-1 other disks of POINTS points. Then d0 is replicated through the command from a 256 MiB qcow2 holding 8 MiB (`qemu:`
# source), twice per repository (the first reads the disk and fills this host's cache, the second is a
# no-change cycle), and ROUNDS no-change cycles are measured per repository and jar, alternating
# alone/fleet: wall and CPU seconds and peak RSS (GNU time), heap in use at exit (-Xlog:gc+heap+exit;
# with no GC in a short run this is what the run allocated), and, through bench/count-relay.py
# between the command and S3Proxy, HTTP requests (LIST pages among them) and bytes downloaded. JARS
# names the jars (default: OLD_JAR if given, then target/pilotlight.jar). Prints medians as a
# Markdown table (also OUT/table.md). The relay logs every request with the bytes of its response
# (OUT/requests.log, one "=== cycle ..." line after each cycle's requests), and OUT/requests.md
# sums them per request (keys' times and ids replaced by *) over the measured cycles, per cycle, alone
# against fleet: which request carries the fleet's extra bytes.
#
#   OLD_JAR=/tmp/old.jar bench/fleet-index.sh # about 15 minutes here (2 to build, the first cycle in
#                                             # the fleet GETs 9,999 index files per jar)
#   REUSE=1 ... bench/fleet-index.sh          # keep the repositories DATA holds from a run before
#   DISKS=10 POINTS=50 ROUNDS=3 bench/fleet-index.sh
#   FLEET_END_MINUTES=120 ... bench/fleet-index.sh  # the other disks' last points 2 hours back, d0's 1:
#                                             # none of theirs inside the cursor's 15-minute margin
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/s3proxy-lib.sh"
disks="${DISKS:-50}" points="${POINTS:-200}" rounds="${ROUNDS:-5}" threads="${THREADS:-2}"
out="${OUT:-$root/bench/out/fleet-index}"
data="${DATA:-/dev/shm/pilotlight-fleet-index}"
build_jar_and_test_classes
jar="$root/target/pilotlight.jar"
jars=(${OLD_JAR:+"$OLD_JAR"} "$jar")
[[ -n "${JARS:-}" ]] && read -r -a jars <<<"$JARS"
rm -rf "$out"
mkdir -p "$root/bench/out" "$out"
# Each jar builds its own copies (its own format: format 6 names index files by time), through the
# library: alone-J holds d0's POINTS-1 points, fleet-J is a copy of it plus DISKS-1 other disks.
if [[ -n "${REUSE:-}" && -f "$data/built" ]]; then
    echo "bench: reusing the repositories in $data" >&2
else
    rm -rf "$data"
    for j in "${!jars[@]}"; do
        mkdir -p "$data/data/alone-$j" "$data/data/fleet-$j"
        echo "bench: jar $j: building alone ($((points - 1)) points of d0) and fleet (+$((disks - 1)) x $points)" >&2
        java -jar "${jars[$j]}" --quiet --repo "$data/data/alone-$j/r" init >/dev/null
        java -cp "${jars[$j]}" "$root/bench/FleetHistory.java" "$data/data/alone-$j/r" "$data/work-$j" d 1 \
            $((points - 1)) 1 2>/dev/null
        cp -r "$data/data/alone-$j/r" "$data/data/fleet-$j/"
        start=$SECONDS
        java -cp "${jars[$j]}" "$root/bench/FleetHistory.java" "$data/data/fleet-$j/r" "$data/work-$j" f \
            $((disks - 1)) "$points" "$threads" "${FLEET_END_MINUTES:-60}" 2>/dev/null
        echo "bench: fleet built in $((SECONDS - start)) s" >&2
    done
    # S3Proxy's filesystem provider wants each object's MD5 in the extended attribute it writes itself.
    python3 - "$data/data" <<'PY'
import hashlib, os, sys
for top, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(top, name)
        with open(path, "rb") as f:
            os.setxattr(path, "user.user.content-md5", hashlib.md5(f.read()).digest())
        os.setxattr(path, "user.user.content-type", b"application/octet-stream")
        os.setxattr(path, "user.user.storage-tier", b"STANDARD")
PY
    rm -rf "$data"/work-*
    touch "$data/built"
fi
for j in "${!jars[@]}"; do
    echo "bench: jar $j index files: alone $(ls "$data/data/alone-$j/r/index" | wc -l)," \
        "fleet $(ls "$data/data/fleet-$j/r/index" | wc -l)" >&2
done

trap 'stop_s3proxy; [[ -n "${relay_pid:-}" ]] && kill "$relay_pid" 2>/dev/null' EXIT
start_s3proxy "$data"
port="${S3_ENDPOINT##*:}"
relay_port=$((port + 1)) control_port=$((port + 2))
RELAY_LOG="$out/requests.log" python3 "$root/bench/count-relay.py" "$relay_port" "$port" "$control_port" >"$out/relay.log" 2>&1 &
relay_pid=$!
for _ in $(seq 50); do grep -q ready "$out/relay.log" && break; sleep 0.1; done
export AWS_ENDPOINT_URL="http://127.0.0.1:$relay_port"

counters() { exec 3<>"/dev/tcp/127.0.0.1/$control_port"; read -r line <&3; exec 3<&-; echo "$line"; }

# cycle JAR_INDEX REPO LABEL: one replicate of d0 from its qcow2; appends a result line when LABEL is set.
cycle() {
    local j="$1" repo="$2" label="${3:-}" err="$out/cycle.err"
    counters >/dev/null
    PILOTLIGHT_CACHE="$out/cache-$j-$repo" /usr/bin/time -f '%e %U %S %M' -o "$out/time" \
        java -Xmx256m -Xlog:gc+heap+exit:file="$out/heap" -jar "${jars[$j]}" --repo "s3://$repo-$j/r" \
        replicate --disk d0 --source "qemu:$out/d0-$j-$repo.qcow2" >/dev/null 2>"$err" \
        || { cat "$err" >&2; exit 1; }
    local relay heap
    relay="$(counters)"
    echo "=== cycle of jar $j in $repo ${label:-unmeasured}: $relay" >>"$out/requests.log"
    heap="$(grep -o 'used [0-9]*K' "$out/heap" | head -1 | tr -dc 0-9)"
    [[ -z "$label" ]] || echo "$j $repo $(cat "$out/time") $relay $heap" >>"$out/results"
}

for j in "${!jars[@]}"; do
    for repo in alone fleet; do
        qemu-img create -q -f qcow2 "$out/d0-$j-$repo.qcow2" 256M
        qemu-io -c "write -P 7 0 8M" "$out/d0-$j-$repo.qcow2" >/dev/null
    done
done
# The jars take turns on one repository per bucket: each jar's first cycle reads its copy of the
# disk in full (another qcow2, another bitmap), so the first measured cycle of each is no-change.
for j in "${!jars[@]}"; do
    for repo in alone fleet; do
        cycle "$j" "$repo"
        cycle "$j" "$repo"
    done
done
for round in $(seq "$rounds"); do
    for j in "${!jars[@]}"; do
        for repo in alone fleet; do
            cycle "$j" "$repo" measured
        done
    done
done

python3 - "$out/results" "${jars[@]}" <<'PY' | tee "$out/table.md"
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
jars = sys.argv[2:]
def med(j, repo, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == str(j) and r[1] == repo)
print("No-change `qemu:` cycle of d0 (256 MiB qcow2, 8 MiB data) on S3Proxy, medians of %d; fleet / alone"
      % (len(rows) // (2 * len(jars))))
print()
print("| jar | repository | wall s | CPU s | peak RSS MiB | heap used at exit MiB | HTTP requests | LIST pages | GETs | KiB downloaded |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for j, name in enumerate(jars):
    for repo in ("alone", "fleet", "ratio"):
        if repo == "ratio":
            vals = [med(j, "fleet", i) / max(med(j, "alone", i), 1e-9) for i in range(2, 11)]
            fmt = ["%.2fx" % v for v in vals]
        else:
            vals = [med(j, repo, i) for i in range(2, 11)]
            wall, user, sys_, rss, req, lists, gets, down, heap = vals
            fmt = ["%.2f" % wall, "%.2f" % (user + sys_), "%.0f" % (rss / 1024), "%.1f" % (heap / 1024),
                   "%.0f" % req, "%.0f" % lists, "%.0f" % gets, "%.1f" % (down / 1024)]
        if repo == "ratio":
            wall, user, sys_, rss, req, lists, gets, down, heap = vals
            fmt = ["%.2fx" % wall, "%.2fx" % ((med(j, "fleet", 3) + med(j, "fleet", 4))
                   / (med(j, "alone", 3) + med(j, "alone", 4))), "%.2fx" % rss, "%.2fx" % heap,
                   "%.2fx" % req, "%.2fx" % lists, "%.2fx" % gets, "%.2fx" % down]
        print("| %s | %s | %s |" % (name.rsplit("/", 1)[-1], repo, " | ".join(fmt)))
PY

python3 - "$out/requests.log" <<'PY' >"$out/requests.md"
import collections, re, sys
sums = collections.defaultdict(lambda: collections.defaultdict(int))
cycles = collections.Counter()
pending = []
for line in open(sys.argv[1]):
    if line.startswith("=== "):
        words = line.split()
        jar, repo, kind = words[4], words[6], words[7].rstrip(":")
        if kind == "measured":
            cycles[(jar, repo)] += 1
            for request, size in pending:
                sums[(jar, request)][repo] += size
        pending = []
    elif not line.startswith("---"):
        request, _, size = line.rstrip("\n").rpartition(" ")
        request = re.sub(r"^(\S+ /)(alone|fleet)-[0-9]+", r"\1BUCKET", request)
        request = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]{8}-[0-9]{9}-[0-9a-f]{4}|t[0-9]{17}(-[0-9a-f]{64})?",
                         "*", request)
        pending.append((request, int(size)))
print("Bytes downloaded per request, mean per measured cycle (`*`: a time or id)")
print()
print("| jar | request | alone B | fleet B | fleet - alone B |")
print("|---|---|---:|---:|---:|")
for (jar, request), by_repo in sorted(sums.items()):
    alone = by_repo["alone"] / max(cycles[(jar, "alone")], 1)
    fleet = by_repo["fleet"] / max(cycles[(jar, "fleet")], 1)
    print("| %s | `%s` | %.0f | %.0f | %+.0f |" % (jar, request, alone, fleet, fleet - alone))
PY
cat "$out/requests.md"
