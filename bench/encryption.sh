#!/usr/bin/env bash
# Issue 17: what encryption costs. Replicates W1 (BRIEF §6: 2 GiB sparse, 600 MiB of random data) into a
# fresh directory repository and restores it, plain (`init`) and encrypted (`init --encrypt`, default
# Argon2id cost: 64 MiB, 3 passes), ROUNDS times (default 5) in the same run, alternating which goes
# first, each command through the launcher `./pilotlight` (its own JVM, its JIT options and per-command
# class-data archive) as a user runs it. The archives are made afresh by one untimed round first,
# encrypted (whose classes include plain's), so both modes map all their classes. Wall and CPU-seconds
# (user+sys, children included) of each command from GNU time; the JVM start and, encrypted, one
# Argon2id derivation per command are included, as a user pays them. `points` (open the repository,
# list one point) is timed too: little but the JVM start and, encrypted, the key derivation. Prints medians, the median of the
# per-round ratios to plain, and the load average before and after.
#
#   bench/encryption.sh          ROUNDS=5
#   LIGHT_KDF=1 bench/encryption.sh   adds a third mode, "light": encrypted with the cheapest Argon2id
#                                     (1 MiB, 1 pass), to tell the KDF's fixed cost from sealing's
# Works in bench/out/encryption (gitignored). Needs java 17, mvn, python3, GNU time at /usr/bin/time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-5}"
out="$root/bench/out/encryption"
jar="$root/target/pilotlight.jar"
if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
    (cd "$root" && mvn -q -B -o -DskipTests package) >&2
fi
rm -f "$root"/target/pilotlight-{init,replicate,restore}.jsa
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$out"
mkdir -p "$out"
python3 "$root/bench/make_image.py" w1 "$out/w1.img"
printf 'bench passphrase for encryption.sh\n' >"$out/pass"
echo -e "round\tmode\treplicate_wall\treplicate_cpu\trestore_wall\trestore_cpu\tpoints_wall\tpoints_cpu" >"$out/rounds.tsv"

timed() { # FILE CMD...: runs CMD under GNU time, appends "wall cpu" to FILE's last line
    /usr/bin/time -f '%e %U %S' -o "$out/time" "$@" >/dev/null 2>>"$out/log"
    awk '{ printf "%s\t%.2f", $1, $2 + $3 }' "$out/time"
}

one() { # ROUND MODE
    local repo="$out/repo-$2" env=() init=(init)
    rm -rf "$repo" "$out/restored.img"
    if [[ $2 != plain ]]; then env=(PILOTLIGHT_PASSWORD_FILE="$out/pass"); init=(init --encrypt); fi
    if [[ $2 == light ]]; then init+=(--kdf-memory-mib 1 --kdf-iterations 1); fi
    env "${env[@]}" "$root/pilotlight" --repo "$repo" -q "${init[@]}" >/dev/null
    sync
    local replicate restore
    replicate=$(timed env "${env[@]}" "$root/pilotlight" --repo "$repo" -q replicate --disk w1 --source "file:$out/w1.img")
    restore=$(timed env "${env[@]}" "$root/pilotlight" --repo "$repo" -q restore --disk w1 --to "$out/restored.img")
    cmp "$out/w1.img" "$out/restored.img"
    points=$(timed env "${env[@]}" "$root/pilotlight" --repo "$repo" -q points)
    echo -e "$1\t$2\t$replicate\t$restore\t$points" >>"$out/rounds.tsv"
}

one 0 encrypted >/dev/null # writes the class-data archives; not counted
one 0 plain >/dev/null
echo -e "round\tmode\treplicate_wall\treplicate_cpu\trestore_wall\trestore_cpu\tpoints_wall\tpoints_cpu" >"$out/rounds.tsv"
modes=(plain encrypted)
if [[ -n "${LIGHT_KDF:-}" ]]; then modes+=(light); fi
for round in $(seq "$rounds"); do
    order=("${modes[@]}")
    if (( round % 2 == 0 )); then order=(); for (( i=${#modes[@]}-1; i>=0; i-- )); do order+=("${modes[i]}"); done; fi
    for mode in "${order[@]}"; do one "$round" "$mode"; done
done
rm -rf "$out"/repo-* "$out/restored.img"
python3 - "$out/rounds.tsv" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
cols = ["replicate_wall", "replicate_cpu", "restore_wall", "restore_cpu", "points_wall", "points_cpu"]
modes = [m for m in ("plain", "encrypted", "light") if any(r["mode"] == m for r in rows)]
by = {m: {r["round"]: r for r in rows if r["mode"] == m} for m in modes}
med = {m: {c: statistics.median(float(r[c]) for r in by[m].values()) for c in cols} for m in modes}
print(f"W1, directory repository, {len(by['plain'])} rounds (medians); load average {sys.argv[2]} before, {sys.argv[3]} after")
print("| | replicate wall | replicate CPU | restore wall | restore CPU | points wall | points CPU |")
print("|---|---:|---:|---:|---:|---:|---:|")
for m in modes:
    print(f"| {m} | " + " | ".join(f"{med[m][c]:.2f} s" for c in cols) + " |")
for m in modes[1:]:
    ratio = {c: statistics.median(float(by[m][k][c]) / float(by["plain"][k][c]) for k in by["plain"]) for c in cols}
    print(f"| {m} / plain (median of rounds) | " + " | ".join(f"{ratio[c]:.3f}x" for c in cols) + " |")
PY
