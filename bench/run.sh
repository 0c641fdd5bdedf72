#!/usr/bin/env bash
# Benchmarks pilotlight on the reference workloads W1 and W2 (bench/README.md) against cp and cat
# of the same image in the same run, and prints a Markdown table. Work files go to bench/out/.
#
#   bench/run.sh           page cache warm (the image was just written)
#   bench/run.sh --cold    drop the page cache before each step (needs root; affects the whole host)
#
# Needs: java 17, mvn (to build target/pilotlight.jar when missing or stale), python3, and GNU
# time at /usr/bin/time for peak RSS (Debian package "time": apt-get install time).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out"
work="$out/work"
jar="$root/target/pilotlight.jar"
cold=false
[[ "${1:-}" == "--cold" ]] && cold=true

if [[ ! -x /usr/bin/time ]]; then
    echo "bench: /usr/bin/time (GNU time) is missing: install the Debian package 'time' (apt-get install time)" >&2
    exit 1
fi
if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    echo "bench: building $jar" >&2
    (cd "$root" && mvn -q -B -DskipTests package)
fi

rm -rf "$work"
mkdir -p "$work"
image="$work/disk.img"
repo="$work/repo"
pilotlight=(java ${PILOTLIGHT_JAVA_OPTS:-} -jar "$jar" --repo "$repo" --quiet)

drop_caches() {
    if $cold; then
        sync
        echo 3 >/proc/sys/vm/drop_caches
    fi
}

# measure NAME COMMAND...: runs COMMAND under GNU time; stdout to NAME.out, timings to NAME.time.
measure() {
    local name="$1"
    shift
    drop_caches
    echo "bench: $name" >&2
    /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" \
        || { echo "bench: $name failed; see $out/$name.err" >&2; exit 1; }
}

allocated() { du -B1 "$1" | cut -f1; }
repo_bytes() { du -sb "$repo" | cut -f1; }

echo "bench: making W1 (2 GiB sparse, 600 MiB data)" >&2
python3 "$root/bench/make_image.py" w1 "$image"
sha256sum <"$image" | cut -d' ' -f1 >"$out/w1.sha256"
allocated "$image" >"$out/w1.allocated"

measure cp cp --sparse=always "$image" "$work/copy.img"
rm -f "$work/copy.img"
measure cp-sync sh -c "cp --sparse=always '$image' '$work/copy.img' && sync '$work/copy.img'"
rm -f "$work/copy.img"
measure cat sh -c "cat '$image' >/dev/null"

"${pilotlight[@]}" init >/dev/null
repo_bytes >"$out/repo0.bytes"
measure w1-replicate "${pilotlight[@]}" replicate --disk bench --source "file:$image" --json
repo_bytes >"$out/repo1.bytes"

echo "bench: making W2 (320 grains of 64 KiB changed in place)" >&2
python3 "$root/bench/make_image.py" w2 "$image"
sha256sum <"$image" | cut -d' ' -f1 >"$out/w2.sha256"
allocated "$image" >"$out/w2.allocated"
measure w2-replicate "${pilotlight[@]}" replicate --disk bench --source "file:$image" --json
repo_bytes >"$out/repo2.bytes"

w1_point="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$out/w1-replicate.out")"
measure w1-restore "${pilotlight[@]}" restore --disk bench --point "$w1_point" --to "$work/w1-restored.img"
measure w2-restore "${pilotlight[@]}" restore --disk bench --point latest --to "$work/w2-restored.img"
for w in w1 w2; do
    actual="$(sha256sum <"$work/$w-restored.img" | cut -d' ' -f1)"
    if [[ "$actual" != "$(cat "$out/$w.sha256")" ]]; then
        echo "bench: $w restored image differs from the original (sha256 $actual)" >&2
        exit 1
    fi
    allocated "$work/$w-restored.img" >"$out/$w-restored.allocated"
done
echo "bench: both restores are byte-identical to their images (sha256)" >&2

python3 "$root/bench/report.py" "$out" "$($cold && echo cold || echo warm)" | tee "$out/table.md"
rm -rf "$work"
