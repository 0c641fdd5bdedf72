#!/usr/bin/env bash
# W1 replicate + follow through S3Proxy (issue 18, goal 3; BRIEF.md §6), this tree against the seed's
# pipeline (dd of W1's 25 extents + `aws s3 sync` up; `aws s3 sync` down + dd into a standby), and
# optionally against another build of pilotlight (BASE=<git revision>: built once per commit by
# old-build-lib.sh's old_build into /tmp, run through its own launcher), in the same rounds. Per round, the contenders run
# in a rotated order (round 1: seed, pl, base; round 2: pl, base, seed; ...). Wall and client
# CPU-seconds (user + system of every process of a phase, GNU time) per phase; S3Proxy's CPU from its
# /proc/PID/stat. Each pilotlight run gets PILOTLIGHT_JAVA_OPTS="-Xmx$HEAP $JAVA_OPTS" (default heap
# 256m, the heap pilotlight must fit in). PROFILE=1 adds one untimed round of this tree under JFR
# (bench/out/w1/profile-SCHEME-{up,down}.jfr) and prints where its CPU samples fall.
#
#   bench/w1.sh                 ROUNDS=3 SCHEMES="http https" HEAP=256m BASE= PROFILE=0 JAVA_OPTS=
#
# Results: bench/out/w1/rounds.tsv and table.md (bench/w1-report.py). Needs java 17, mvn, python3, the
# aws CLI, GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out/w1"
work="$out/work"
rounds="${ROUNDS:-3}"
schemes="${SCHEMES:-http https}"
heap="${HEAP:-256m}"
base="${BASE:-}"
clk=$(getconf CLK_TCK)
die() { echo "bench: $*" >&2; exit 1; }
for tool in aws python3 /usr/bin/time keytool; do command -v "$tool" >/dev/null || die "$tool is missing"; done
# shellcheck source=bench/s3proxy-lib.sh
source "$root/bench/s3proxy-lib.sh"
# shellcheck source=bench/old-build-lib.sh
source "$root/bench/old-build-lib.sh"

build_jar_and_test_classes
rm -rf "$work" "$out"/*.tsv "$out"/*.time "$out"/*.err "$out"/*.out
mkdir -p "$work"
contenders=(seed pl)
if [[ -n "$base" ]]; then
    base_tree="$(old_build "$base")" || die "the base $base does not build"
    contenders+=(base)
fi
tsv="$out/rounds.tsv"
printf 'scheme\twho\tround\tphase\twall\tclient_cpu\tserver_cpu\tload1\n' >"$tsv"
proxy_pid=""
cleanup() {
    [[ -n "$proxy_pid" ]] && { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

raw="$work/disk.raw"
echo "bench: making W1 (2 GiB sparse, 600 MiB random in 25 extents)" >&2
python3 "$root/bench/make_image.py" w1 "$raw"
python3 "$root/bench/make_image.py" extents w1 >"$work/w1.extents"


# launcher WHO: the ./pilotlight of this tree (pl) or of the base's.
launcher() { if [[ "$1" == base ]]; then echo "$base_tree/pilotlight"; else echo "$root/pilotlight"; fi; }

# pl_run WHO EXTRA_OPTS ARGS...: a pilotlight command of WHO against this scheme's S3Proxy.
pl_run() {
    local who="$1" extra="$2"
    shift 2
    PILOTLIGHT_JAVA_OPTS="-Xmx$heap ${JAVA_OPTS:-} $tls_opts $extra" "$(launcher "$who")" --s3-endpoint "$endpoint" "$@"
}

# step WHO ROUND PHASE COMMAND...: runs COMMAND under GNU time, appends a row to rounds.tsv.
step() {
    local who="$1" round="$2" phase="$3" before load name="$scheme-$1-$2-$3"
    shift 3
    sync
    load="$(cut -d' ' -f1 /proc/loadavg)"
    before="$(cpu_ticks "$proxy_pid")"
    /usr/bin/time -f '%e %U %S' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" \
        || die "$name failed; see $out/$name.err"
    local server=$(($(cpu_ticks "$proxy_pid") - before))
    read -r wall user system < <(tail -1 "$out/$name.time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scheme" "$who" "$round" "$phase" "$wall" \
        "$(echo "$user + $system" | bc)" "$(echo "scale=2; $server / $clk" | bc)" "$load" >>"$tsv"
}

seed_round() { # ROUND
    local dir="$work/seed-$1" standby="$work/standby-seed"
    rm -rf "$dir" "$dir-down" "$standby"
    mkdir -p "$dir" "$dir-down"
    truncate -s 2G "$standby"
    step seed "$1" up bash -c '
        set -e
        extents="$1" dir="$2" prefix="$3" image="$4"
        shift 4
        while read -r offset length; do
            dd if="$image" of="$dir/$offset" bs=64K skip="$offset" count="$length" iflag=skip_bytes,count_bytes status=none
        done <"$extents"
        "$@" s3 sync --only-show-errors --no-progress "$dir" "s3://seed/$prefix/"
    ' _ "$work/w1.extents" "$dir" "w1-$scheme-$1" "$raw" "${aws_cli[@]}"
    step seed "$1" down bash -c '
        set -e
        dir="$1" prefix="$2" standby="$3"
        shift 3
        "$@" s3 sync --only-show-errors --no-progress "s3://seed/$prefix/" "$dir"
        for file in "$dir"/*; do
            dd if="$file" of="$standby" bs=64K seek="${file##*/}" oflag=seek_bytes conv=notrunc status=none
        done
    ' _ "$dir-down" "w1-$scheme-$1" "$standby" "${aws_cli[@]}"
    cmp -s "$raw" "$standby" || die "round $1: the seed's standby differs from the image"
    rm -rf "$dir" "$dir-down" "$standby"
}

pl_round() { # WHO ROUND
    local who="$1" repo="s3://pilotlight/w1-$1-$2" standby="$work/standby-$scheme-$1-$2"
    pl_run "$who" "" --quiet --repo "$repo" init >/dev/null
    step "$who" "$2" up env PILOTLIGHT_JAVA_OPTS="-Xmx$heap ${JAVA_OPTS:-} $tls_opts" "$(launcher "$who")" \
        --s3-endpoint "$endpoint" --repo "$repo" replicate --disk bench --source "file:$raw"
    step "$who" "$2" down env PILOTLIGHT_JAVA_OPTS="-Xmx$heap ${JAVA_OPTS:-} $tls_opts" "$(launcher "$who")" \
        --s3-endpoint "$endpoint" --repo "$repo" follow --disk bench --to "$standby"
    cmp -s "$raw" "$standby" || die "round $2: $who's standby differs from the image"
    rm -f "$standby"
}

profile_round() { # one untimed run of this tree under JFR
    local repo="s3://pilotlight/w1-profile" standby="$work/standby-profile-$scheme" jfr="$out/profile-$scheme"
    pl_run pl "" --quiet --repo "$repo" init >/dev/null
    pl_run pl "-XX:StartFlightRecording=filename=$jfr-up.jfr,settings=profile" --quiet --repo "$repo" \
        replicate --disk bench --source "file:$raw" >/dev/null 2>"$jfr-up.log" \
        || echo "bench: the profiled replicate failed: $(tail -1 "$jfr-up.log")" >&2
    pl_run pl "-XX:StartFlightRecording=filename=$jfr-down.jfr,settings=profile" --quiet --repo "$repo" \
        follow --disk bench --to "$standby" >/dev/null 2>"$jfr-down.log" \
        || echo "bench: the profiled follow failed: $(tail -1 "$jfr-down.log")" >&2
    rm -f "$standby"
}

for scheme in $schemes; do
    start_proxy "$scheme"
    # Warm-up, untimed: each launcher's class-data archives of replicate and follow, the page cache.
    for who in "${contenders[@]}"; do
        [[ "$who" == seed ]] && continue
        pl_run "$who" "" --quiet --repo "s3://pilotlight/warm-$who" init >/dev/null
        pl_run "$who" "" --quiet --repo "s3://pilotlight/warm-$who" replicate --disk bench --source "file:$raw" >/dev/null
        pl_run "$who" "" --quiet --repo "s3://pilotlight/warm-$who" follow --disk bench --to "$work/warm-$scheme-$who.img" >/dev/null
        rm -f "$work/warm-$scheme-$who.img"
    done
    for ((round = 1; round <= rounds; round++)); do
        n=${#contenders[@]}
        for ((i = 0; i < n; i++)); do
            who="${contenders[$(((i + round - 1) % n))]}"
            echo "bench: $scheme round $round: $who" >&2
            if [[ "$who" == seed ]]; then seed_round "$round"; else pl_round "$who" "$round"; fi
        done
    done
    [[ "${PROFILE:-0}" == 1 ]] && profile_round
    stop_proxy
done

jfrs=()
[[ "${PROFILE:-0}" == 1 ]] && for jfr in "$out"/profile-*.jfr; do [[ -f "$jfr" ]] && jfrs+=("$jfr"); done
python3 "$root/bench/w1-report.py" "$tsv" "$(aws --version 2>&1 | cut -d' ' -f1)" "$heap ${JAVA_OPTS:-}" "$base" \
    "${jfrs[@]}" | tee "$out/table.md"
