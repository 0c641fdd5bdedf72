#!/usr/bin/env bash
# Issue 18, goal 3: through S3, end to end, against the seed in one run (BRIEF.md §6 workloads), with
# older code (OLD_REF) and this checkout's in the same run.
#   W1 replicate+follow: the seed's dd dump of W1's 25 extents + `aws s3 sync` up, `aws s3 sync` down
#      + dd apply into a standby image; against `pilotlight replicate` (file: raw) + `pilotlight
#      follow` into a new standby, through each build's own launcher (its class-data archives warmed
#      by untimed runs first).
#   W2 through a CBT source: 320 scattered 64 KiB grains get new random data; the seed dumps them
#      with dd, syncs up, syncs down and applies them with dd; pilotlight replicates a qcow2 (`qemu:`,
#      its dirty bitmap; one qcow2, repository and standby per pipeline) and follows the standby.
#   daemon: W2 as a warm daemon cycle of this checkout (a disk job and a follower job in one daemon,
#      each started through its API).
# Pipelines: "seed"; "old" = OLD_REF (default main; "none" leaves it out) built into /tmp
# (bench/old-build-lib.sh), run by its own launcher; then one per VARIANTS word (default "new"):
# this checkout's launcher, "NAME" as it is or "NAME=OPT,OPT..." with those JVM options appended
# (after the launcher's own: they win), e.g. c1=-XX:TieredStopAtLevel=1.
# Client CPU: user + system of every process of a step (GNU time; children included: dd, aws,
# qemu-img/qemu-storage-daemon); the daemon's from /proc/PID/stat. S3Proxy's CPU from its
# /proc/PID/stat before and after each step. Each scheme (SCHEMES, default "http https") has its own
# S3Proxy (S3ProxyFixture, bench/S3ProxyServer.java; https: a self-signed certificate the aws CLI
# gets as --ca-bundle and the JVM as its trust store). ROUNDS rounds (default 3) rotate which
# pipeline goes first; the table has medians and medians of the per-round ratios.
#
#   bench/goal3.sh                      ROUNDS=3 SCHEMES="http https" WORKLOADS="w1 w2 daemon" OLD_REF=main
#   WORKLOADS=w2 SCHEMES=http VARIANTS="new c1=-XX:TieredStopAtLevel=1" bench/goal3.sh
#
# Works in bench/out/goal3 (gitignored); results in bench/out/goal3/{rounds.tsv,table.md}. Needs java 17,
# mvn, python3, the aws CLI, qemu-img, qemu-io, curl, GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out/goal3"
work="$out/work"
rounds="${ROUNDS:-3}"
schemes="${SCHEMES:-http https}"
workloads="${WORKLOADS:-w1 w2 daemon}"
old_ref="${OLD_REF:-main}"
read -r -a variants <<<"${VARIANTS:-new}"
clk=$(getconf CLK_TCK)
die() { echo "bench: $*" >&2; exit 1; }
for tool in aws qemu-img qemu-io python3 curl bc /usr/bin/time; do command -v "$tool" >/dev/null || die "$tool is missing"; done
# shellcheck source=bench/s3proxy-lib.sh
source "$root/bench/s3proxy-lib.sh"
# shellcheck source=bench/daemon-lib.sh
source "$root/bench/daemon-lib.sh"
# shellcheck source=bench/old-build-lib.sh
source "$root/bench/old-build-lib.sh"
has() { [[ " $workloads " == *" $1 "* ]]; }

build_jar_and_test_classes
# Pipelines other than the seed: WHO -> launcher, and the JVM options appended for it.
declare -A launcher=() extra_opts=()
pipelines=()
if [[ "$old_ref" != none ]]; then
    old_dir="$(old_build "$old_ref")" || die "cannot build OLD_REF $old_ref"
    launcher[old]="$old_dir/pilotlight" extra_opts[old]=""
    pipelines+=(old)
fi
for variant in "${variants[@]}"; do
    name="${variant%%=*}"
    [[ "$name" =~ ^[a-z0-9-]+$ && "$name" != seed && "$name" != old && "$name" != daemon ]] \
        || die "VARIANTS: '$name' is not a name (a-z 0-9 -; not seed, old or daemon)"
    launcher[$name]="$root/pilotlight" extra_opts[$name]=""
    [[ "$variant" == *=* ]] && extra_opts[$name]="${variant#*=}" && extra_opts[$name]="${extra_opts[$name]//,/ }"
    pipelines+=("$name")
done
rm -rf "$out"
mkdir -p "$work"
tsv="$out/rounds.tsv"
{
    printf '# old\t%s\t%s\n' "$old_ref" "$(git -C "$root" rev-parse --short "$old_ref^{commit}" 2>/dev/null || echo -)"
    printf '# new\t%s%s\n' "$(git -C "$root" rev-parse --short HEAD)" "$(git -C "$root" diff --quiet HEAD -- src pilotlight || echo ' +changes')"
    for who in "${pipelines[@]}"; do printf '# opts\t%s\t%s\n' "$who" "${extra_opts[$who]}"; done
} >"$out/pipelines.txt"
printf 'scheme\tworkload\twho\tround\tphase\twall\tclient_cpu\tserver_cpu\trequests\tbytes\tload1\n' >"$tsv"
proxy_pid="" DAEMON_PID=""
cleanup() {
    stop_daemon
    [[ -n "$proxy_pid" ]] && { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

raw="$work/disk.raw"
echo "bench: making W1 (2 GiB sparse, 600 MiB random in 25 extents)" >&2
python3 "$root/bench/make_image.py" w1 "$raw"
python3 "$root/bench/make_image.py" extents w1 >"$work/w1.extents"
python3 "$root/bench/make_image.py" extents w2 >"$work/w2.extents"


# pl WHO ARGS...: pilotlight of pipeline WHO (its launcher, its JVM options) against this S3Proxy;
# pl_command WHO: the same as a command line (for GNU time), in the array cmd.
pl_command() {
    cmd=(env "PILOTLIGHT_JAVA_OPTS=$tls_opts ${extra_opts[$1]}" "${launcher[$1]}" --s3-endpoint "$endpoint")
}
pl() {
    local cmd
    pl_command "$1"
    shift
    "${cmd[@]}" "$@"
}

# step SCHEME WORKLOAD WHO ROUND PHASE COMMAND...: runs COMMAND under GNU time, appends a row to rounds.tsv.
# Requests and bytes: from pilotlight's "store: N requests, X sent" line on stderr, if any.
step() {
    local scheme="$1" workload="$2" who="$3" round="$4" phase="$5" before load
    shift 5
    local name="$scheme-$workload-$who-$round-$phase"
    sync
    load="$(cut -d' ' -f1 /proc/loadavg)"
    before="$(cpu_ticks "$proxy_pid")"
    /usr/bin/time -f '%e %U %S' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" \
        || die "$name failed; see $out/$name.err"
    local server=$(($(cpu_ticks "$proxy_pid") - before))
    python3 - "$out/$name.time" "$out/$name.err" "$server" "$clk" "$scheme" "$workload" "$who" "$round" "$phase" \
        "$load" <<'PY' >>"$tsv"
import re, sys
time, err, server, clk, *key, load = sys.argv[1:]
wall, user, system = map(float, open(time).read().split()[-3:])
m = re.search(r"store: (\d+) requests, ([\d.]+) (B|KiB|MiB|GiB) sent", open(err).read())
units = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
requests, sent = (m.group(1), int(float(m.group(2)) * units[m.group(3)])) if m else ("", "")
print("\t".join(key + [f"{wall:.2f}", f"{user + system:.2f}", f"{int(server) / int(clk):.2f}", str(requests), str(sent), load]))
PY
}

# The seed's halves: dd each extent ("OFFSET LENGTH") of the image into DIR/OFFSET and sync DIR up;
# sync the prefix down into DIR and dd each file into the standby at its offset.
seed_up() { # EXTENTS DIR PREFIX
    step "$scheme" "$workload" seed "$round" up bash -c '
        set -e
        extents="$1" dir="$2" prefix="$3" image="$4"
        shift 4
        while read -r offset length; do
            dd if="$image" of="$dir/$offset" bs=64K skip="$offset" count="$length" iflag=skip_bytes,count_bytes status=none
        done <"$extents"
        "$@" s3 sync --only-show-errors --no-progress "$dir" "s3://seed/$prefix/"
    ' _ "$1" "$2" "$3" "$raw" "${aws_cli[@]}"
}
seed_down() { # DIR PREFIX STANDBY
    step "$scheme" "$workload" seed "$round" down bash -c '
        set -e
        dir="$1" prefix="$2" standby="$3"
        shift 3
        "$@" s3 sync --only-show-errors --no-progress "s3://seed/$prefix/" "$dir"
        for file in "$dir"/*; do
            offset="${file##*/}"
            dd if="$file" of="$standby" bs=64K seek="$offset" oflag=seek_bytes conv=notrunc status=none
        done
    ' _ "$1" "$2" "$3" "${aws_cli[@]}"
}

# order: the round's order of seed and the pipelines, rotated by one each round.
order() {
    local all=(seed "${pipelines[@]}") i n
    n=${#all[@]}
    for ((i = 0; i < n; i++)); do echo "${all[$(((i + round - 1) % n))]}"; done
}

# new_w2_data QCOW2...: 320 grains of new random data at W2's offsets, in the raw image and (qemu-io)
# each qcow2.
new_w2_data() {
    mkdir -p "$work/grains"
    python3 - "$raw" "$work/w2.extents" "$work/grains" <<'PY'
import os, sys
raw, extents, grains = sys.argv[1:]
with open(raw, "r+b") as image:
    for line in open(extents):
        offset, length = map(int, line.split())
        data = os.urandom(length)
        image.seek(offset)
        image.write(data)
        open(f"{grains}/{offset}", "wb").write(data)
PY
    local writes=() qcow
    while read -r offset length; do writes+=(-c "write -q -s $work/grains/$offset $offset $length"); done <"$work/w2.extents"
    for qcow in "$@"; do qemu-io -f qcow2 "${writes[@]}" "$qcow" >/dev/null; done
    rm -rf "$work/grains"
}

w1_round() {
    workload=w1
    local seed_dir="$work/seed-w1-$scheme-$round" standby="$work/standby-seed-w1" who cmd
    rm -rf "$seed_dir" "$seed_dir-down" "$standby"
    mkdir -p "$seed_dir" "$seed_dir-down"
    truncate -s 2G "$standby"
    for who in $(order); do
        if [[ "$who" == seed ]]; then
            seed_up "$work/w1.extents" "$seed_dir" "w1-$round"
            seed_down "$seed_dir-down" "w1-$round" "$standby"
            continue
        fi
        # A new prefix and standby path each round: follow remembers which repository an image follows.
        local repo="s3://pilotlight/w1-$who-$round" pl_standby="$work/standby-$who-w1-$scheme-$round"
        pl "$who" --quiet --repo "$repo" init >/dev/null
        pl_command "$who"
        step "$scheme" w1 "$who" "$round" up "${cmd[@]}" --repo "$repo" replicate --disk bench --source "file:$raw"
        step "$scheme" w1 "$who" "$round" down "${cmd[@]}" --repo "$repo" follow --disk bench --to "$pl_standby"
        cmp -s "$raw" "$pl_standby" || die "round $round: $who's W1 standby differs from the image"
        rm -f "$pl_standby"
    done
    rm -rf "$seed_dir" "$seed_dir-down" "$standby"
}

# w2_base: W1 through qemu: for each pipeline (its own qcow2, repository, first point and standby;
# untimed), and the seed's standby.
w2_base() {
    local who
    python3 "$root/bench/make_image.py" w1 "$raw"
    rm -f "$work"/*.qcow2 "$work"/standby-*-w2-*
    truncate -s 2G "$work/standby-seed-w2-$scheme"
    for who in "${pipelines[@]}"; do
        qemu-img convert -f raw -O qcow2 "$raw" "$work/$who.qcow2"
        pl "$who" --quiet --repo "s3://pilotlight/w2-$who" init >/dev/null
        pl "$who" --quiet --repo "s3://pilotlight/w2-$who" replicate --disk bench --source "qemu:$work/$who.qcow2" >/dev/null
        pl "$who" --quiet --repo "s3://pilotlight/w2-$who" follow --disk bench --to "$work/standby-$who-w2-$scheme" >/dev/null
    done
}

w2_round() {
    workload=w2
    local qcows=() who cmd
    for who in "${pipelines[@]}"; do qcows+=("$work/$who.qcow2"); done
    new_w2_data "${qcows[@]}"
    local seed_dir="$work/seed-w2-$round"
    rm -rf "$seed_dir" "$seed_dir-down"
    mkdir -p "$seed_dir" "$seed_dir-down"
    for who in $(order); do
        if [[ "$who" == seed ]]; then
            seed_up "$work/w2.extents" "$seed_dir" "w2-$round"
            seed_down "$seed_dir-down" "w2-$round" "$work/standby-seed-w2-$scheme"
            continue
        fi
        pl_command "$who"
        step "$scheme" w2 "$who" "$round" up "${cmd[@]}" --repo "s3://pilotlight/w2-$who" \
            replicate --disk bench --source "qemu:$work/$who.qcow2"
        step "$scheme" w2 "$who" "$round" down "${cmd[@]}" --repo "s3://pilotlight/w2-$who" \
            follow --disk bench --to "$work/standby-$who-w2-$scheme"
        cmp -s "$raw" "$work/standby-$who-w2-$scheme" || die "round $round: $who's W2 standby differs from the image"
    done
    rm -rf "$seed_dir" "$seed_dir-down"
}

journal_lines() { if [[ -f "$work/state/history.jsonl" ]]; then wc -l <"$work/state/history.jsonl"; else echo 0; fi; }

# daemon_run JOB: starts JOB through the daemon's API and waits for its record; prints "WALL CPU".
daemon_run() {
    local before ticks0 t0
    before=$(journal_lines)
    ticks0=$(process_cpu_ticks "$DAEMON_PID")
    t0=$(date +%s.%N)
    api POST "/api/jobs/$1/run" | grep -Eq '"(STARTED|QUEUED)"' || die "the daemon did not start $1"
    for _ in $(seq 30000); do (($(journal_lines) > before)) && break; sleep 0.01; done
    (($(journal_lines) > before)) || die "the daemon recorded no run of $1 in 300 s"
    tail -1 "$work/state/history.jsonl" | grep -q '"succeeded":true' || die "the daemon's run of $1 failed: $(tail -1 "$work/state/history.jsonl")"
    echo "$(echo "$(date +%s.%N) - $t0" | bc) $(echo "scale=2; ($(process_cpu_ticks "$DAEMON_PID") - $ticks0) / $clk" | bc)"
}

daemon_w2_round() {
    new_w2_data "$work/daemon.qcow2"
    local server0 load up down
    load="$(cut -d' ' -f1 /proc/loadavg)"
    server0="$(cpu_ticks "$proxy_pid")"
    up=$(daemon_run bench) || exit 1
    local server1
    server1="$(cpu_ticks "$proxy_pid")"
    down=$(daemon_run standby) || exit 1
    local server2
    server2="$(cpu_ticks "$proxy_pid")"
    printf '%s\tw2\tdaemon\t%s\tup\t%s\t%s\t%s\t\t\t%s\n' "$scheme" "$round" "${up% *}" "${up#* }" \
        "$(echo "scale=2; ($server1 - $server0) / $clk" | bc)" "$load" >>"$tsv"
    printf '%s\tw2\tdaemon\t%s\tdown\t%s\t%s\t%s\t\t\t%s\n' "$scheme" "$round" "${down% *}" "${down#* }" \
        "$(echo "scale=2; ($server2 - $server1) / $clk" | bc)" "$load" >>"$tsv"
    cmp -s "$raw" "$work/standby-daemon-w2-$scheme" || die "round $round: the daemon's W2 standby differs from the image"
}

# daemon_rounds: W2 as warm daemon cycles of this checkout (JVM options of the first variant).
daemon_rounds() {
    echo "bench: $scheme: W2 as warm daemon cycles (a disk job and a follower job)" >&2
    python3 "$root/bench/make_image.py" w1 "$raw"
    rm -f "$work/daemon.qcow2" "$work/standby-daemon-w2-$scheme"
    qemu-img convert -f raw -O qcow2 "$raw" "$work/daemon.qcow2"
    local first="${variants[0]%%=*}"
    pl "$first" --quiet --repo s3://pilotlight/dw2 init >/dev/null
    DAEMON_PORT=$(free_port)
    cat >"$work/pilotlight.yaml" <<EOF
repositories:
  bench:
    location: s3://pilotlight/dw2
    endpoint: $endpoint
disks:
  bench:
    source: qemu:$work/daemon.qcow2
    schedule: every 24h
followers:
  standby:
    disk: bench
    to: $work/standby-daemon-w2-$scheme
    verify: off
    poll: 24h
listener:
  address: 127.0.0.1:$DAEMON_PORT
EOF
    rm -rf "$work/state"
    PILOTLIGHT_JAVA_OPTS="$tls_opts ${extra_opts[$first]}" start_daemon "$work/pilotlight.yaml" "$work/state" \
        "$out/daemon-$scheme.log"
    for _ in $(seq 6000); do (($(journal_lines) >= 2)) && break; sleep 0.1; done
    (($(journal_lines) >= 2)) || die "the daemon's first runs did not end in 600 s; see $out/daemon-$scheme.log"
    daemon_run standby >/dev/null # the follower's first poll may have come before the first point
    daemon_run bench >/dev/null && daemon_run standby >/dev/null # warm-up: a no-change cycle
    for ((round = 1; round <= rounds; round++)); do daemon_w2_round; done
    stop_daemon
}

for scheme in $schemes; do
    python3 "$root/bench/make_image.py" w1 "$raw" # a scheme's W1 is W1, not W1 after the last one's W2 rounds
    start_proxy "$scheme"
    if has w1; then
        # Warm-up, untimed: each launcher's class-data archives of init, replicate and follow; the page cache.
        for who in "${pipelines[@]}"; do
            pl "$who" --quiet --repo "s3://pilotlight/warm-$who" init >/dev/null
            pl "$who" --quiet --repo "s3://pilotlight/warm-$who" replicate --disk bench --source "file:$raw" >/dev/null
            pl "$who" --quiet --repo "s3://pilotlight/warm-$who" follow --disk bench --to "$work/warm-$who-$scheme.img" \
                >/dev/null
            rm -f "$work/warm-$who-$scheme.img"
        done
        for ((round = 1; round <= rounds; round++)); do w1_round; done
    fi
    if has w2; then
        echo "bench: $scheme: W2 base (W1 through qemu:, its first point and standby, per pipeline; untimed)" >&2
        w2_base
        for ((round = 1; round <= rounds; round++)); do w2_round; done
    fi
    has daemon && daemon_rounds
    stop_proxy
done

python3 "$root/bench/goal3-report.py" "$tsv" "$(aws --version 2>&1 | cut -d' ' -f1)" "$out/pipelines.txt" | tee "$out/table.md"
