#!/usr/bin/env bash
# Issue 18, goal 3: through S3, end to end, against the seed in one run (BRIEF.md §6 workloads).
#   W1 replicate+follow: the seed's dd dump of W1's 25 extents + `aws s3 sync` up, `aws s3 sync` down
#      + dd apply into a standby image; against `./pilotlight replicate` (file: raw) + `./pilotlight
#      follow` into a new standby (the launcher, with its class-data archives warmed beforehand).
#   W2 through a CBT source: 320 scattered 64 KiB grains get new random data; the seed dumps them
#      with dd, syncs up, syncs down and applies them with dd; pilotlight replicates the qcow2
#      (`qemu:`, its dirty bitmap) and follows the standby: as commands (a JVM each), and as a warm
#      daemon cycle (a disk job and a follower job in one daemon, each started through its API).
# Client CPU: user + system of every process of a step (GNU time; children included: dd, aws,
# qemu-img/qemu-storage-daemon); the daemon's from /proc/PID/stat. S3Proxy's CPU from its
# /proc/PID/stat before and after each step. Each scheme (SCHEMES, default "http https") has its own
# S3Proxy (S3ProxyFixture, bench/S3ProxyServer.java; https: a self-signed certificate the aws CLI
# gets as --ca-bundle and the JVM as its trust store). ROUNDS rounds (default 3) alternate which
# pipeline goes first; the table has medians and medians of the per-round ratios.
#
#   bench/goal3.sh                      ROUNDS=3 SCHEMES="http https"
#
# Works in bench/out/goal3 (gitignored); results in bench/out/goal3/{rounds.tsv,table.md}. Needs java 17,
# mvn, python3, the aws CLI, qemu-img, qemu-io, curl, GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out/goal3"
work="$out/work"
rounds="${ROUNDS:-3}"
schemes="${SCHEMES:-http https}"
clk=$(getconf CLK_TCK)
die() { echo "bench: $*" >&2; exit 1; }
for tool in aws qemu-img qemu-io python3 curl bc /usr/bin/time; do command -v "$tool" >/dev/null || die "$tool is missing"; done
# shellcheck source=bench/s3proxy-lib.sh
source "$root/bench/s3proxy-lib.sh"
# shellcheck source=bench/daemon-lib.sh
source "$root/bench/daemon-lib.sh"

build_jar_and_test_classes
rm -rf "$out"
mkdir -p "$work"
tsv="$out/rounds.tsv"
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
qcow="$work/disk.qcow2"
echo "bench: making W1 (2 GiB sparse, 600 MiB random in 25 extents) and its qcow2" >&2
python3 "$root/bench/make_image.py" w1 "$raw"
python3 "$root/bench/make_image.py" extents w1 >"$work/w1.extents"
python3 "$root/bench/make_image.py" extents w2 >"$work/w2.extents"

# start_proxy SCHEME: an S3Proxy for SCHEME with buckets seed and pilotlight; sets endpoint, proxy_pid,
# aws_cli (the CLI's arguments) and PILOTLIGHT_JAVA_OPTS (the trust store, over https).
start_proxy() {
    local dir="$work/s3-$1" classpath
    mkdir -p "$dir/data"
    classpath="$(s3proxy_classpath)"
    local flag=()
    [[ "$1" == https ]] && flag=(--https)
    java -cp "$classpath" "$root/bench/S3ProxyServer.java" "${flag[@]}" "$dir/data" seed pilotlight \
        >"$dir/endpoint" 2>"$out/s3proxy-$1.log" &
    proxy_pid=$!
    for _ in $(seq 300); do
        [[ -f "$dir/endpoint" && "$(wc -l <"$dir/endpoint")" -ge $((${#flag[@]} + 1)) ]] && break
        kill -0 "$proxy_pid" 2>/dev/null || die "S3Proxy exited; see $out/s3proxy-$1.log"
        sleep 0.2
    done
    endpoint="$(sed -n 1p "$dir/endpoint")"
    [[ -n "$endpoint" ]] || die "S3Proxy did not start in 60 s"
    export AWS_ACCESS_KEY_ID=pilotlight-test AWS_SECRET_ACCESS_KEY=pilotlight-test-secret AWS_REGION=us-east-1
    export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE="$dir/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$dir/none"
    aws_cli=(aws --endpoint-url "$endpoint")
    PILOTLIGHT_JAVA_OPTS=""
    if [[ "$1" == https ]]; then
        local store
        store="$(sed -n 2p "$dir/endpoint")"
        keytool -exportcert -rfc -alias s3proxy -keystore "$store" -storepass pilotlight-test-tls >"$dir/ca.pem" 2>/dev/null
        aws_cli+=(--ca-bundle "$dir/ca.pem")
        PILOTLIGHT_JAVA_OPTS="-Djavax.net.ssl.trustStore=$store -Djavax.net.ssl.trustStorePassword=pilotlight-test-tls"
        PILOTLIGHT_JAVA_OPTS+=" -Djavax.net.ssl.trustStoreType=PKCS12"
    fi
    export PILOTLIGHT_JAVA_OPTS
    echo "bench: S3Proxy on $endpoint, pid $proxy_pid" >&2
}

stop_proxy() { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""; }

pl() { "$root/pilotlight" --s3-endpoint "$endpoint" "$@"; }

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

# new_w2_data: 320 grains of new random data at W2's offsets, in the raw image and (qemu-io) the qcow2.
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
    local writes=()
    while read -r offset length; do writes+=(-c "write -q -s $work/grains/$offset $offset $length"); done <"$work/w2.extents"
    qemu-io -f qcow2 "${writes[@]}" "$qcow" >/dev/null
    rm -rf "$work/grains"
}

w1_round() {
    workload=w1
    # A new standby path each round: follow remembers which repository an image follows.
    local seed_dir="$work/seed-w1-$scheme-$round" standby="$work/standby-seed-w1" pl_standby="$work/standby-pl-w1-$scheme-$round"
    rm -rf "$seed_dir" "$seed_dir-down" "$standby"
    mkdir -p "$seed_dir" "$seed_dir-down"
    truncate -s 2G "$standby"
    pl --quiet --repo "s3://pilotlight/w1-$round" init >/dev/null
    local order=(seed pl)
    ((round % 2 == 0)) && order=(pl seed)
    for who in "${order[@]}"; do
        if [[ "$who" == seed ]]; then
            seed_up "$work/w1.extents" "$seed_dir" "w1-$round"
            seed_down "$seed_dir-down" "w1-$round" "$standby"
        else
            step "$scheme" w1 pl "$round" up "$root/pilotlight" --s3-endpoint "$endpoint" --repo "s3://pilotlight/w1-$round" \
                replicate --disk bench --source "file:$raw"
            step "$scheme" w1 pl "$round" down "$root/pilotlight" --s3-endpoint "$endpoint" --repo "s3://pilotlight/w1-$round" \
                follow --disk bench --to "$pl_standby"
        fi
    done
    cmp -s "$raw" "$pl_standby" || die "round $round: pilotlight's W1 standby differs from the image"
    rm -rf "$seed_dir" "$seed_dir-down" "$standby" "$pl_standby"
}

w2_round() {
    workload=w2
    new_w2_data
    local seed_dir="$work/seed-w2-$round"
    rm -rf "$seed_dir" "$seed_dir-down"
    mkdir -p "$seed_dir" "$seed_dir-down"
    local order=(seed pl)
    ((round % 2 == 0)) && order=(pl seed)
    for who in "${order[@]}"; do
        if [[ "$who" == seed ]]; then
            seed_up "$work/w2.extents" "$seed_dir" "w2-$round"
            seed_down "$seed_dir-down" "w2-$round" "$work/standby-seed-w2-$scheme"
        else
            step "$scheme" w2 pl "$round" up "$root/pilotlight" --s3-endpoint "$endpoint" --repo s3://pilotlight/w2 \
                replicate --disk bench --source "qemu:$qcow"
            step "$scheme" w2 pl "$round" down "$root/pilotlight" --s3-endpoint "$endpoint" --repo s3://pilotlight/w2 \
                follow --disk bench --to "$work/standby-pl-w2-$scheme"
        fi
    done
    cmp -s "$raw" "$work/standby-pl-w2-$scheme" || die "round $round: pilotlight's W2 standby differs from the image"
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
    new_w2_data
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

for scheme in $schemes; do
    python3 "$root/bench/make_image.py" w1 "$raw" # a scheme's W1 is W1, not W1 after the last one's W2 rounds
    start_proxy "$scheme"
    # Warm-up, untimed: the launcher's class-data archives of replicate and follow, the page cache.
    pl --quiet --repo s3://pilotlight/warm init >/dev/null
    pl --quiet --repo s3://pilotlight/warm replicate --disk bench --source "file:$raw" >/dev/null
    pl --quiet --repo s3://pilotlight/warm follow --disk bench --to "$work/warm-$scheme.img" >/dev/null
    rm -f "$work/warm-$scheme.img"
    for ((round = 1; round <= rounds; round++)); do w1_round; done

    echo "bench: $scheme: W2 base (W1 through qemu:, its first point and standby; untimed)" >&2
    python3 "$root/bench/make_image.py" w1 "$raw"
    rm -f "$qcow" "$work/standby-pl-w2-$scheme" "$work/standby-seed-w2-$scheme" "$work/standby-daemon-w2-$scheme"
    qemu-img convert -f raw -O qcow2 "$raw" "$qcow"
    truncate -s 2G "$work/standby-seed-w2-$scheme"
    pl --quiet --repo s3://pilotlight/w2 init >/dev/null
    pl --quiet --repo s3://pilotlight/w2 replicate --disk bench --source "qemu:$qcow" >/dev/null
    pl --quiet --repo s3://pilotlight/w2 follow --disk bench --to "$work/standby-pl-w2-$scheme" >/dev/null
    for ((round = 1; round <= rounds; round++)); do w2_round; done

    echo "bench: $scheme: W2 as warm daemon cycles (a disk job and a follower job)" >&2
    pl --quiet --repo s3://pilotlight/dw2 init >/dev/null
    DAEMON_PORT=$(free_port)
    cat >"$work/pilotlight.yaml" <<EOF
repositories:
  bench:
    location: s3://pilotlight/dw2
    endpoint: $endpoint
disks:
  bench:
    source: qemu:$qcow
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
    start_daemon "$work/pilotlight.yaml" "$work/state" "$out/daemon-$scheme.log"
    for _ in $(seq 6000); do (($(journal_lines) >= 2)) && break; sleep 0.1; done
    (($(journal_lines) >= 2)) || die "the daemon's first runs did not end in 600 s; see $out/daemon-$scheme.log"
    daemon_run standby >/dev/null # the follower's first poll may have come before the first point
    daemon_run bench >/dev/null && daemon_run standby >/dev/null # warm-up: a no-change cycle
    for ((round = 1; round <= rounds; round++)); do daemon_w2_round; done
    stop_daemon
    stop_proxy
done

python3 "$root/bench/goal3-report.py" "$tsv" "$(aws --version 2>&1 | cut -d' ' -f1)" | tee "$out/table.md"
