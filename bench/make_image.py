#!/usr/bin/env python3
"""Deterministic reference workloads of docs BRIEF §6 (bench/README.md).

  make_image.py w1 IMAGE   2 GiB sparse raw image, 25 extents of 24 MiB random data (600 MiB)
                           at 64 KiB-aligned offsets, one in each 1/25 of the disk.
  make_image.py w2 IMAGE   changes IMAGE in place: 320 distinct 64 KiB grains, scattered over
                           the whole disk, get new random data (20 MiB, about 1%).
  make_image.py extents w1|w2
                           prints the extents that w1 writes / w2 changes, one "OFFSET LENGTH"
                           (bytes) a line in offset order: what change tracking would report.
The same seed always gives the same bytes.
"""
import random
import sys

MIB = 1 << 20
GRAIN = 64 * 1024
SIZE = 2048 * MIB
EXTENTS = 25
EXTENT = 24 * MIB
CHANGED_GRAINS = 320


def w1_extents():
    """Yields (offset, data) for each W1 extent, in offset order."""
    rng = random.Random(1)
    slot = SIZE // EXTENTS // GRAIN * GRAIN
    for i in range(EXTENTS):
        offset = i * slot + rng.randrange((slot - EXTENT) // GRAIN) * GRAIN
        yield offset, (rng.randbytes(4 * MIB) for _ in range(EXTENT // (4 * MIB)))


def w2_extents():
    """Yields (offset, data) for each W2 grain, in offset order."""
    rng = random.Random(2)
    grains = rng.sample(range(SIZE // GRAIN), CHANGED_GRAINS)
    for grain in sorted(grains):
        yield grain * GRAIN, (rng.randbytes(GRAIN),)


def w1(path):
    with open(path, "wb") as image:
        image.truncate(SIZE)
        for offset, data in w1_extents():
            image.seek(offset)
            for block in data:
                image.write(block)


def w2(path):
    with open(path, "r+b") as image:  # r+b: writes never truncate (the seed's dd bug)
        for offset, data in w2_extents():
            image.seek(offset)
            for block in data:
                image.write(block)


def extents(workload):
    for offset, data in {"w1": w1_extents, "w2": w2_extents}[workload]():
        print(offset, sum(len(block) for block in data))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "extents" and sys.argv[2] in ("w1", "w2"):
        extents(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] in ("w1", "w2"):
        {"w1": w1, "w2": w2}[sys.argv[1]](sys.argv[2])
    else:
        sys.exit(__doc__)
