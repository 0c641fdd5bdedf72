#!/usr/bin/env bash
# Benchmarks pilotlight against the seed's pipeline (dd each changed extent to a file, then
# `aws s3 sync`) on W1 and W2 (bench/README.md), both writing to the same S3Proxy on 127.0.0.1,
# which this script starts and stops. Also measures the server's raw PUT ceiling (curl, SigV4,
# 4 in flight) and prints a Markdown table (saved as bench/out/s3/table.md). Files: bench/out/.
#
#   bench/s3.sh
#
# Needs: java 17, mvn (builds target/pilotlight.jar when stale; fetches S3Proxy 2.9.0 once),
# python3, the aws CLI on PATH (1.x or 2.x), curl with --aws-sigv4 (7.75+), GNU /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out"
res="$out/s3"
work="$out/s3work"
jar="$root/target/pilotlight.jar"
proxy_jar="$out/s3proxy-2.9.0-jar-with-dependencies.jar"
key=pilotlight-bench
secret=pilotlight-bench-secret

die() { echo "bench: $*" >&2; exit 1; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is missing: apt-get install time"
command -v aws >/dev/null || die "the aws CLI is missing: apt-get install awscli (or pip install awscli)"
curl --help all 2>/dev/null | grep -q -- --aws-sigv4 || die "curl $(curl --version | head -1 | cut -d' ' -f2) lacks --aws-sigv4 (needs 7.75+)"

if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -DskipTests package)
fi
if [[ ! -f "$proxy_jar" ]]; then
    echo "bench: fetching S3Proxy 2.9.0" >&2
    (cd "$root" && mvn -q -B dependency:copy -Dartifact=org.gaul:s3proxy:2.9.0:jar:jar-with-dependencies \
        -DoutputDirectory="$out/")
fi
provider=filesystem-nio2
if ! unzip -p "$proxy_jar" META-INF/services/org.jclouds.providers.ProviderMetadata | grep -q Nio2; then
    provider=filesystem
    echo "bench: this S3Proxy has no filesystem-nio2 provider; using 'filesystem'" >&2
fi

rm -rf "$res" "$work"
mkdir -p "$res" "$work/s3data" "$work/seed"
image="$work/disk.img"

proxy_pid=""
cleanup() {
    if [[ -n "$proxy_pid" ]]; then
        kill "$proxy_pid" 2>/dev/null || true
        wait "$proxy_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
cat >"$work/s3proxy.conf" <<EOF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$key
s3proxy.credential=$secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=$provider
jclouds.filesystem.basedir=$work/s3data
EOF
java -jar "$proxy_jar" --properties "$work/s3proxy.conf" >"$res/s3proxy.log" 2>&1 &
proxy_pid=$!
for _ in $(seq 150); do
    # Any HTTP answer (403 without credentials) means it is up; 000 means nothing listens yet.
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$endpoint/")" != 000 ]] && break
    kill -0 "$proxy_pid" 2>/dev/null || die "S3Proxy exited; see $res/s3proxy.log"
    sleep 0.2
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$endpoint/")" != 000 ]] || die "S3Proxy did not answer in 30 s"
echo "bench: S3Proxy 2.9.0 ($provider) on $endpoint, pid $proxy_pid" >&2

# The aws CLI and pilotlight take credentials from the environment; no profile or config file.
export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE="$work/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-aws-credentials"
aws_cli=(aws --endpoint-url "$endpoint")
aws --version >"$res/aws.version" 2>&1
echo "bench: $(cat "$res/aws.version") at $(command -v aws)" >&2
for bucket in raw-put seed pilotlight; do
    "${aws_cli[@]}" s3 mb "s3://$bucket" >/dev/null
done
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --s3-endpoint "$endpoint")

# measure NAME COMMAND...: runs COMMAND under GNU time; stdout to NAME.out, stderr to NAME.err.
# Also records the CPU time S3Proxy spent meanwhile (NAME.server-ticks, clock ticks of user + system).
measure() {
    local name="$1" before
    shift
    echo "bench: $name" >&2
    sync # the previous step's writes (image, S3Proxy's files) are not this step's to pay for
    before="$(server_ticks)"
    /usr/bin/time -v -o "$res/$name.time" "$@" >"$res/$name.out" 2>"$res/$name.err" \
        || die "$name failed; see $res/$name.err"
    echo $(($(server_ticks) - before)) >"$res/$name.server-ticks"
}

# server_ticks: CPU time S3Proxy has used so far (user + system, clock ticks; /proc/PID/stat fields 14, 15).
server_ticks() { awk '{print $14 + $15}' "/proc/$proxy_pid/stat"; }

# 1. The server's raw PUT ceiling: 32 PUTs of one 16 MiB random file, 4 (and 8) in flight, by curl
# with SigV4 and an unsigned payload (the body is streamed from the file, nothing hashed).
head -c $((16 << 20)) /dev/urandom >"$work/r16"
for n in 4 8; do
    measure "raw-put-$n" sh -c "seq 1 32 | xargs -P$n -I{} curl -sS -f -o /dev/null \
        -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' --aws-sigv4 aws:amz:us-east-1:s3 --user '$key:$secret' \
        -T '$work/r16' '$endpoint/raw-put/p$n-{}'"
done
# The same with the body's SHA-256 signed (computed once, beforehand), as every upload whose body the
# server checks must be: S3Proxy then reads each body into memory and hashes it before storing it.
r16_sha="$(sha256sum "$work/r16" | cut -d' ' -f1)"
measure raw-put-signed-4 sh -c "seq 1 32 | xargs -P4 -I{} curl -sS -f -o /dev/null \
    -H 'x-amz-content-sha256: $r16_sha' --aws-sigv4 aws:amz:us-east-1:s3 --user '$key:$secret' \
    -T '$work/r16' '$endpoint/raw-put/s4-{}'"

# 2. The same with an AWS SDK v2 sync client configured as pilotlight's (diagnostic, bench/S3PutProbe.java):
# "plain" is pilotlight's configuration (SigV4-signed payload, no aws-chunked encoding); "unsigned"
# sends UNSIGNED-PAYLOAD instead, as curl does (no end-to-end check of the body).
for mode in plain unsigned; do
    measure "sdk-put-$mode" java -cp "$jar" "$root/bench/S3PutProbe.java" "$endpoint" raw-put "$mode" 32 16 4
done

# seed_cycle NAME DIR EXTENTS PREFIX: the seed's cycle: dd each extent ("OFFSET LENGTH" lines) of
# the image to DIR/OFFSET, then `aws s3 sync DIR s3://seed/PREFIX/` (files of earlier cycles stay in
# DIR, as in the seed: sync uploads only new or changed files).
seed_cycle() {
    measure "$1" bash -c '
        set -e
        while read -r offset length; do
            dd if="$1" of="$0/$offset" bs=64K skip=$((offset / 65536)) count=$((length / 65536)) status=none
        done <"$2"
        prefix="$3"
        shift 3
        "$@" s3 sync --only-show-errors --no-progress "$0" "s3://seed/$prefix/"
    ' "$2" "$image" "$3" "$4" "${aws_cli[@]}"
    [[ "${5:-}" == count ]] || return 0
    # Requests: the same sync again, untimed, with --debug, into a second prefix that has seen the
    # same cycles; every HTTP request botocore sends is one "Sending http request" line.
    "${aws_cli[@]}" --debug s3 sync --only-show-errors --no-progress "$2" s3://seed/count/ 2>"$res/$1.debug"
    grep -c 'Sending http request' "$res/$1.debug" >"$res/$1.requests" || true
    grep -o 'Sending http request: <AWSPreparedRequest stream_output=False, method=[A-Z]*' "$res/$1.debug" \
        | sed 's/.*method=//' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}' >"$res/$1.methods"
    rm -f "$res/$1.debug"
    local bytes=0 offset length
    while read -r offset length; do
        bytes=$((bytes + $(stat -c %s "$2/$offset")))
    done <"$3"
    echo "$bytes" >"$res/$1.bytes"
}

# pl_replicate NAME PREFIX [OPTIONS...]: a pilotlight replicate of the image into s3://pilotlight/PREFIX.
pl_replicate() {
    local name="$1" prefix="$2"
    shift 2
    measure "$name" "${pilotlight[@]}" --repo "s3://pilotlight/$prefix" "$@" \
        replicate --disk bench --source "file:$image" --json
}

echo "bench: making W1 (2 GiB sparse, 600 MiB data)" >&2
python3 "$root/bench/make_image.py" w1 "$image"
python3 "$root/bench/make_image.py" extents w1 >"$work/w1.extents"
python3 "$root/bench/make_image.py" extents w2 >"$work/w2.extents"
du -B1 "$image" | cut -f1 >"$res/w1.allocated"

# W1 twice, alternating, into fresh prefixes (and a fresh dump directory for the seed); the table
# takes the faster of the two runs of each: this host is shared and noisy.
mkdir -p "$work/seed2"
seed_cycle seed-w1 "$work/seed" "$work/w1.extents" disk count
"${pilotlight[@]}" --repo s3://pilotlight/w1 init >/dev/null 2>&1
pl_replicate pl-w1 w1
seed_cycle seed-w1-again "$work/seed2" "$work/w1.extents" disk2
"${pilotlight[@]}" --repo s3://pilotlight/w1-again init >/dev/null 2>&1
pl_replicate pl-w1-again w1-again
for n in 2 8; do
    "${pilotlight[@]}" --repo "s3://pilotlight/w1-u$n" init >/dev/null 2>&1
    pl_replicate "pl-w1-u$n" "w1-u$n" --uploads "$n"
done
# The same JVM with a class-data archive (AppCDS) of the classes a replicate loads, made by one untimed
# replicate into a scratch prefix: start-up (class loading, and lambdas spun with ASM) is a fixed cost
# of every run that the archive mostly removes.
jsa="$work/pilotlight.jsa"
"${pilotlight[@]}" --repo s3://pilotlight/cds-training init >/dev/null 2>&1
java ${PILOTLIGHT_JAVA_OPTS:-} -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" --s3-endpoint "$endpoint" \
    --repo s3://pilotlight/cds-training replicate --disk bench --source "file:$image" >/dev/null 2>"$res/cds-training.err" \
    || die "making the class-data archive failed; see $res/cds-training.err"
"${pilotlight[@]}" --repo s3://pilotlight/w1-cds init >/dev/null 2>&1
measure pl-w1-cds java ${PILOTLIGHT_JAVA_OPTS:-} -XX:SharedArchiveFile="$jsa" -jar "$jar" --s3-endpoint "$endpoint" \
    --repo s3://pilotlight/w1-cds replicate --disk bench --source "file:$image" --json

echo "bench: making W2 (320 grains of 64 KiB changed in place)" >&2
python3 "$root/bench/make_image.py" w2 "$image"
seed_cycle seed-w2 "$work/seed" "$work/w2.extents" disk count
pl_replicate pl-w2 w1

python3 - "$res" "$(date -u +%Y-%m-%d)" <<'EOF' | tee "$res/table.md"
import json, os, re, sys

MIB = 1 << 20
res, day = sys.argv[1], sys.argv[2]
UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
TICKS = os.sysconf("SC_CLK_TCK")


def text(name):
    return open(f"{res}/{name}").read().strip()


def seconds(name):
    if name in ("seed-w1", "pl-w1"):
        return min(wall_seconds(name), wall_seconds(name + "-again"))
    return wall_seconds(name)


def wall_seconds(name):
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", text(f"{name}.time")).group(1).strip()
    total = 0.0
    for part in wall.split(":"):
        total = total * 60 + float(part)
    return total


def pilotlight(name):
    """(requests, bytes sent, point) from the replicate's summary line on stderr and its JSON."""
    m = re.search(r"store: (\d+) requests, ([\d.]+) (B|KiB|MiB|GiB) sent", text(f"{name}.err"))
    return int(m.group(1)), float(m.group(2)) * UNITS[m.group(3)], json.loads(text(f"{name}.out"))


def cpu(name):
    """(client, server) CPU seconds of a step: GNU time's user + system, and S3Proxy's meanwhile."""
    t = text(f"{name}.time")
    client = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", t).group(1)) for kind in ("User", "System"))
    return client, int(text(f"{name}.server-ticks")) / TICKS


def fastest(name):
    return min((name, name + "-again"), key=wall_seconds) if name in ("seed-w1", "pl-w1") else name


raw = {n: 32 * 16 / seconds(f"raw-put-{n}") for n in (4, 8)}
ceiling = raw[4]
sdk = {m: float(text(f"sdk-put-{m}.out").split()[3]) for m in ("plain", "unsigned")}
w1_data = int(text("w1.allocated"))
changed = 320 * 64 * 1024
rows = []


def row(step, name, data, requests, sent, seed, note):
    s = seconds(name)
    rate = data / MIB / s
    vs_seed = f"{seconds(seed) / s:.2f}" if seed else ""
    client, server = cpu(fastest(name))
    rows.append(f"| {step} | {s:.2f} | {rate:.0f} | {requests} | {sent / MIB:.1f} MiB | {vs_seed}"
                f" | {rate / ceiling:.2f} | {client:.2f} | {server:.2f} | {note} |")


client, server = cpu("raw-put-4")
rows.append(f"| raw PUT ceiling: curl, 32 x 16 MiB, 4 in flight | {seconds('raw-put-4'):.2f} | {raw[4]:.0f} | 32"
            f" | 512.0 MiB | | 1.00 | {client:.2f} | {server:.2f} | 8 in flight: {raw[8]:.0f} MiB/s |")
client, server = cpu("raw-put-signed-4")
signed = 32 * 16 / seconds("raw-put-signed-4")
rows.append(f"| raw PUT, signed payload (server checks the SHA-256): curl, 32 x 16 MiB, 4 in flight"
            f" | {seconds('raw-put-signed-4'):.2f} | {signed:.0f} | 32 | 512.0 MiB | | {signed / ceiling:.2f}"
            f" | {client:.2f} | {server:.2f} | the SHA-256 computed once beforehand, not timed |")
client, server = cpu("sdk-put-plain")
rows.append(f"| AWS SDK sync client as pilotlight configures it, 32 x 16 MiB, 4 threads | | {sdk['plain']:.0f}"
            f" | 32 | 512.0 MiB | | {sdk['plain'] / ceiling:.2f} | {client:.2f} | {server:.2f} | SigV4-signed payload"
            f" (the server checks its SHA-256), no aws-chunked encoding; the CPU columns include a JVM start and a"
            f" warm-up PUT; same client sending UNSIGNED-PAYLOAD: {sdk['unsigned']:.0f} MiB/s"
            f" ({sdk['unsigned'] / ceiling:.2f}) |")
row("seed W1: dd 25 extents + `aws s3 sync`", "seed-w1", w1_data, text("seed-w1.requests"),
    int(text("seed-w1.bytes")), "seed-w1", text("seed-w1.methods"))
for name, label in (("pl-w1", "pilotlight W1 replicate (full, --uploads 4, default)"),
                    ("pl-w1-u2", "pilotlight W1 replicate --uploads 2"),
                    ("pl-w1-u8", "pilotlight W1 replicate --uploads 8"),
                    ("pl-w1-cds", "pilotlight W1 replicate, JVM with a class-data archive (AppCDS)")):
    requests, sent, point = pilotlight(name)
    row(label, name, w1_data, requests, sent, "seed-w1",
        f"read {point['readBytes'] / MIB:.0f} MiB (file: source, holes skipped); stored"
        f" {point['storedBytes'] / MIB:.1f} MiB")
seed_w2 = int(text("seed-w2.bytes"))
row("seed W2: dd 320 grains + `aws s3 sync`", "seed-w2", changed, text("seed-w2.requests"), seed_w2, "seed-w2",
    f"{text('seed-w2.methods')}; sent {seed_w2 / changed:.3f} B per B changed")
requests, sent, point = pilotlight("pl-w2")
row("pilotlight W2 replicate (incremental)", "pl-w2", changed, requests, sent, "seed-w2",
    f"changed {point['changedBytes'] / MIB:.1f} MiB, **sent {sent / changed:.3f} B per B changed**;"
    f" read {point['readBytes'] / MIB:.0f} MiB again (no change tracking on a file: source)")

runs = ", ".join(f"{n} {wall_seconds(n):.2f} s / {wall_seconds(n + '-again'):.2f} s" for n in ("seed-w1", "pl-w1"))
print(f"{day}; S3Proxy 2.9.0 (filesystem-nio2) on 127.0.0.1, same 2-core host; {text('aws.version').split()[0]}."
      f" MiB/s of data = W1's {w1_data / MIB:.0f} MiB (W2: the 20 MiB changed) over the wall time; W1 seed and default"
      f" pilotlight rows: the faster of two alternating runs ({runs}).\n")
print("| step | seconds | MiB/s of data | requests | bytes sent | vs seed (seed s / step s) | vs raw PUT ceiling (MiB/s)"
      " | client CPU (s) | S3Proxy CPU (s) | notes |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
print("\n".join(rows))
print("\nCPU per GiB of data (client / S3Proxy, CPU-seconds), and the least wall time the step's CPU allows on"
      " this host's 2 cores ((client + server) / 2):\n")
for name, label, data in (("raw-put-4", "curl raw PUT, 4 in flight", 512 * MIB),
                          ("raw-put-signed-4", "curl raw PUT, signed payload", 512 * MIB), ("seed-w1", "seed W1", w1_data),
                          ("pl-w1", "pilotlight W1", w1_data), ("pl-w1-cds", "pilotlight W1, AppCDS", w1_data)):
    client, server = cpu(fastest(name))
    gib = data / (1 << 30)
    print(f"- {label}: {client / gib:.2f} / {server / gib:.2f} CPU-s per GiB; at least {(client + server) / 2:.2f} s"
          f" on 2 cores (measured {seconds(name):.2f} s)")
EOF
