#!/usr/bin/env python3
"""The table of bench/w1.sh from its rounds.tsv (medians over rounds, medians of per-round ratios
against the seed), then, for each JFR recording given, where its execution samples fall.

usage: w1-report.py ROUNDS.TSV AWS_CLI_VERSION JVM_OPTIONS BASE [PROFILE.jfr ...]
"""
import collections
import csv
import re
import statistics
import subprocess
import sys

GIB = 1 << 30
DATA = 600 << 20  # W1's data
LABELS = {"seed": "seed: dd + `aws s3 sync` up, sync down + dd",
          "pl": "pilotlight (this tree): `replicate` + `follow`",
          "base": "pilotlight ({base}): `replicate` + `follow`"}
# Inclusive buckets of a JFR sample: the first rule one of its frames matches (top frame first).
BUCKETS = [("SHA-256 (grain hashes, ids, SigV4)", r"SHA256Spi|SHA2\.|DigestBase|MessageDigest\.update"),
           ("HMAC (SigV4, keyed ids)", r"EvpHmac|HmacCore"),
           ("AES-GCM (TLS records)", r"AesGcmSpi|GaloisCounterMode|GHASH|CounterMode"),
           ("zstd", r"com\.github\.luben\.zstd"),
           ("CRC32C", r"CRC32C"),
           ("socket I/O", r"sun\.nio\.ch\.(Net|Socket)|java\.net\.Socket|SocketInputStream|SocketOutputStream|NioSocketImpl"),
           ("TLS other", r"sun\.security\.ssl"),
           ("file I/O", r"FileChannelImpl|FileDispatcher|RandomAccessFile|FileInputStream|FileOutputStream"),
           ("array copies and fills", r"System\.arraycopy|Arrays\.copyOf|Arrays\.fill|ByteArrayOutputStream"),
           ("zero checks (Arrays.equals)", r"Arrays\.equals|ArraysSupport\.mismatch"),
           ("AWS SDK", r"software\.amazon\.awssdk"),
           ("Apache HTTP client", r"org\.apache\.hc"),
           ("pilotlight", r"io\.pilotlight")]


def med(values):
    return statistics.median(values) if values else float("nan")


def table(tsv, cli, jvm, base):
    steps = collections.defaultdict(dict)  # (scheme, who, round) -> phase -> row
    for row in csv.DictReader(open(tsv), delimiter="\t"):
        steps[(row["scheme"], row["who"], int(row["round"]))][row["phase"]] = row

    def total(key, field, phases=("up", "down")):
        return sum(float(steps[key][p][field]) for p in phases if p in steps[key])

    print(f"bench/w1.sh; S3Proxy 2.9.0 (S3ProxyFixture) on 127.0.0.1, same 2-core host; {cli}; pilotlight's JVM"
          f" options: -Xmx{jvm}. Medians over the rounds (min–max of the wall); \"vs seed\" = median of the per-round"
          " ratios (wall: seed / x; CPU: x / seed). Client CPU = user + system of every process of the pipeline;"
          " per GiB of W1's 600 MiB.\n")
    print("| scheme | pipeline | rounds | wall s, median (min–max) | up s | down s | wall vs seed | client CPU-s"
          " | up CPU-s | down CPU-s | CPU-s per GiB | CPU vs seed | S3Proxy CPU-s | load1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    schemes = sorted({k[0] for k in steps}, key=lambda s: s != "http")
    for scheme in schemes:
        for who in ("seed", "pl", "base"):
            keys = sorted(k for k in steps if k[:2] == (scheme, who) and {"up", "down"} <= steps[k].keys())
            if not keys:
                continue
            walls = [total(k, "wall") for k in keys]
            cpu = [total(k, "client_cpu") for k in keys]
            wall_ratios, cpu_ratios = [], []
            for k in keys:
                seed = (scheme, "seed", k[2])
                if who != "seed" and seed in steps:
                    wall_ratios.append(total(seed, "wall") / total(k, "wall"))
                    cpu_ratios.append(total(k, "client_cpu") / total(seed, "client_cpu"))
            loads = [float(steps[k][p]["load1"]) for k in keys for p in ("up", "down")]
            print(f"| {scheme} | {LABELS[who].format(base=base)} | {len(keys)}"
                  f" | {med(walls):.2f} ({min(walls):.2f}–{max(walls):.2f})"
                  f" | {med([total(k, 'wall', ('up',)) for k in keys]):.2f}"
                  f" | {med([total(k, 'wall', ('down',)) for k in keys]):.2f}"
                  f" | {f'{med(wall_ratios):.2f}x' if wall_ratios else ''} | {med(cpu):.2f}"
                  f" | {med([total(k, 'client_cpu', ('up',)) for k in keys]):.2f}"
                  f" | {med([total(k, 'client_cpu', ('down',)) for k in keys]):.2f}"
                  f" | {med(cpu) / (DATA / GIB):.1f} | {f'{med(cpu_ratios):.2f}' if cpu_ratios else ''}"
                  f" | {med([total(k, 'server_cpu') for k in keys]):.2f} | {min(loads):.1f}–{max(loads):.1f} |")


def samples(jfr, event):
    """The stack traces (lists of frames, top first) of EVENT in the recording."""
    text = subprocess.run(["jfr", "print", "--events", event, "--stack-depth", "64", jfr],
                          capture_output=True, text=True, check=True).stdout
    stacks, current = [], None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("stackTrace = ["):
            current = []
        elif current is not None and line.startswith("]"):
            stacks.append(current)
            current = None
        elif current is not None and line and line != "...":
            current.append(re.sub(r"\s+line:.*", "", line))
    return stacks


def bucket(stack):
    return next((name for name, rule in BUCKETS if any(re.search(rule, f) for f in stack)), "other")


def profile(jfr):
    """Java samples (threads in Java code) and native ones (in a native method: a JNI call of the native
    crypto provider or zstd, or a socket or file call, which may be waiting), bucketed alike."""
    java = samples(jfr, "jdk.ExecutionSample")
    native = samples(jfr, "jdk.NativeMethodSample")
    print(f"\n{jfr.rsplit('/', 1)[-1]}: {len(java)} Java execution samples, {len(native)} native-method samples"
          " (20 ms apart per thread; native ones include threads waiting on sockets)\n")
    in_java = collections.Counter(bucket(s) for s in java)
    in_native = collections.Counter(bucket(s) for s in native)
    print("| where (first match down the stack) | Java samples | native samples |")
    print("|---|---:|---:|")
    for name, _ in (in_java + in_native).most_common():
        print(f"| {name} | {in_java[name]} | {in_native[name]} |")
    tops = collections.Counter(stack[0] for stack in java if stack)
    print("\n| top frame (Java samples) | samples |\n|---|---:|")
    for frame, n in tops.most_common(12):
        print(f"| `{frame}` | {n} |")


def main():
    tsv, cli, jvm, base, *jfrs = sys.argv[1:]
    table(tsv, cli, jvm.strip(), base)
    for jfr in jfrs:
        profile(jfr)


if __name__ == "__main__":
    main()
