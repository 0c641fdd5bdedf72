#!/usr/bin/env python3
"""Deterministic reference workloads of docs BRIEF §6 (bench/README.md).

  make_image.py w1 IMAGE   2 GiB sparse raw image, 25 extents of 24 MiB random data (600 MiB)
                           at 64 KiB-aligned offsets, one in each 1/25 of the disk.
  make_image.py w2 IMAGE   changes IMAGE in place: 320 distinct 64 KiB grains, scattered over
                           the whole disk, get new random data (20 MiB, about 1%).
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


def w1(path):
    rng = random.Random(1)
    slot = SIZE // EXTENTS // GRAIN * GRAIN
    with open(path, "wb") as image:
        image.truncate(SIZE)
        for i in range(EXTENTS):
            offset = i * slot + rng.randrange((slot - EXTENT) // GRAIN) * GRAIN
            image.seek(offset)
            for _ in range(EXTENT // (4 * MIB)):
                image.write(rng.randbytes(4 * MIB))


def w2(path):
    rng = random.Random(2)
    grains = rng.sample(range(SIZE // GRAIN), CHANGED_GRAINS)
    with open(path, "r+b") as image:  # r+b: writes never truncate (the seed's dd bug)
        for grain in sorted(grains):
            image.seek(grain * GRAIN)
            image.write(rng.randbytes(GRAIN))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("w1", "w2"):
        sys.exit(__doc__)
    {"w1": w1, "w2": w2}[sys.argv[1]](sys.argv[2])
