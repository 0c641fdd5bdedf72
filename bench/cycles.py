#!/usr/bin/env python3
"""W1/W2-shaped images at any size, and a new W2-shaped change per cycle (retention benches).

  cycles.py w1 IMAGE SIZE_MIB        sparse raw image of SIZE_MIB with 25 extents of random data
                                     filling 600/2048 of it (W1's share), one in each 1/25 of the disk
  cycles.py w2 IMAGE SIZE_MIB SEED [IMAGE...]
                                     changes IMAGE in place: SIZE_MIB * 320/2048 distinct scattered
                                     64 KiB grains get new random data (W2's 1%), chosen by SEED
                                     (each further IMAGE by SEED + 1, + 2, ...)
At SIZE_MIB=2048 these have W1's and W2's shape (bench/make_image.py) with other bytes; each SEED
is another cycle's change. Deterministic. CHANGED_GRAINS=N in the environment changes N grains instead.
"""
import os
import random
import sys

MIB = 1 << 20
GRAIN = 64 * 1024


def w1(path, size):
    rng = random.Random(1)
    grains = size // GRAIN
    slot = grains // 25
    extent = max(1, grains * 600 // 2048 // 25)
    with open(path, "wb") as f:
        f.truncate(size)
        for i in range(25):
            f.seek((i * slot + rng.randrange(max(1, slot - extent))) * GRAIN)
            f.write(rng.randbytes(extent * GRAIN))


def w2(path, size, seed):
    rng = random.Random(1_000_003 * seed + 7)
    count = int(os.environ.get("CHANGED_GRAINS", 0)) or max(1, size // GRAIN * 320 // 32768)
    with open(path, "r+b") as f:
        for grain in sorted(rng.sample(range(size // GRAIN), count)):
            f.seek(grain * GRAIN)
            f.write(rng.randbytes(GRAIN))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "w1":
        w1(sys.argv[2], int(sys.argv[3]) * MIB)
    elif len(sys.argv) >= 5 and sys.argv[1] == "w2":
        for i, image in enumerate([sys.argv[2]] + sys.argv[5:]):
            w2(image, int(sys.argv[3]) * MIB, int(sys.argv[4]) + i)
    else:
        sys.exit(__doc__)
