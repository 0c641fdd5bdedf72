package io.pilotlight.repo.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectSealTest {
    private final ObjectSeal seal = new ObjectSeal(MasterKey.random());

    @Test
    void sealsAndOpensEverySizeAroundFrameBoundaries() throws Exception {
        Random random = new Random(1);
        int frame = ObjectSeal.FRAME;
        for (int size : new int[] {0, 1, 100, frame - 1, frame, frame + 1, 2 * frame, 200_000}) {
            byte[] plain = new byte[size];
            random.nextBytes(plain);
            byte[] sealed = seal.seal("data/ab/x", plain);
            assertThat(sealed.length).as("size " + size).isEqualTo(ObjectSeal.sealedSize(size));
            assertThat(ObjectSeal.plainSize(sealed.length)).as("size " + size).isEqualTo(size);
            assertThat(seal.open("data/ab/x", sealed)).isEqualTo(plain);
        }
    }

    @Test
    void everySealedSizeMapsBackToItsPlainSize() {
        for (long size = 0; size < 3 * 65536 + 100; size += 7) {
            assertThat(ObjectSeal.plainSize(ObjectSeal.sealedSize(size))).isEqualTo(size);
        }
    }

    @Test
    void twoWritesOfTheSameContentDifferAndNeitherRepeatsANonceKey() throws Exception {
        byte[] plain = new byte[1000];
        byte[] first = seal.seal("points/d/1", plain);
        byte[] second = seal.seal("points/d/1", plain);
        assertThat(Arrays.equals(first, 4, 20, second, 4, 20)).as("salts").isFalse();
        assertThat(Arrays.equals(first, second)).isFalse();
    }

    @Test
    void everyFlippedByteAndAnotherNameAndTruncationAreRejectedWithTheName() throws Exception {
        byte[] plain = new byte[70_000];
        new Random(2).nextBytes(plain);
        byte[] sealed = seal.seal("index/aa", plain);
        for (int at = 0; at < sealed.length; at += 997) {
            byte[] changed = sealed.clone();
            changed[at] ^= 1;
            assertThatThrownBy(() -> seal.open("index/aa", changed)).as("byte " + at)
                    .isInstanceOf(SealException.class).hasMessageStartingWith("object index/aa: ");
        }
        assertThatThrownBy(() -> seal.open("index/bb", sealed)).isInstanceOf(SealException.class)
                .hasMessageContaining("object index/bb: sealed frame 0").hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> seal.open("index/aa", Arrays.copyOf(sealed, sealed.length - 16)))
                .isInstanceOf(SealException.class).hasMessageContaining("truncated or extended");
        assertThatThrownBy(() -> new ObjectSeal(MasterKey.random()).open("index/aa", sealed))
                .isInstanceOf(SealException.class).hasMessageContaining("fails authentication");
    }

    @Test
    void opensAnyRunOfFramesAlone() throws Exception {
        int frame = ObjectSeal.FRAME;
        byte[] plain = new byte[5 * frame + 123];
        new Random(3).nextBytes(plain);
        byte[] sealed = seal.seal("data/cd/y", plain);
        ObjectSeal.Header header = ObjectSeal.Header.parse("data/cd/y", sealed);
        int offset = (int) ObjectSeal.frameOffset(2);
        byte[] frames = Arrays.copyOfRange(sealed, offset, offset + ObjectSeal.framesLength(header, 2, 5));
        assertThat(seal.openFrames("data/cd/y", header, frames, 0, 2, 4))
                .isEqualTo(Arrays.copyOfRange(plain, 2 * frame, plain.length));
    }

    @Test
    void opensEveryRangeAroundFrameBoundariesIntoItsExactBytes() throws Exception {
        int frame = ObjectSeal.FRAME;
        byte[] plain = new byte[3 * frame + 100];
        new Random(3).nextBytes(plain);
        byte[] sealed = seal.seal("data/ef/z", plain);
        ObjectSeal.Header header = ObjectSeal.Header.parse("data/ef/z", sealed);
        long[] offsets = {0, 1, frame - 1, frame, frame + 5, 2 * frame, 3 * frame, 3 * frame + 99};
        for (long offset : offsets) {
            for (int length : new int[] {1, 2, 100, frame - 1, frame, frame + 1, 2 * frame + 3}) {
                if (offset + length > plain.length) {
                    continue;
                }
                long first = offset / frame;
                long last = (offset + length - 1) / frame;
                int at = (int) ObjectSeal.frameOffset(first);
                byte[] frames = Arrays.copyOfRange(sealed, at, at + ObjectSeal.framesLength(header, first, last));
                assertThat(seal.openRange("data/ef/z", header, frames, offset, length))
                        .as("offset %d length %d", offset, length)
                        .isEqualTo(Arrays.copyOfRange(plain, (int) offset, (int) offset + length));
            }
        }
    }

    @Test
    void aRangeWithAChangedByteInAnyFrameItTouchesDoesNotOpen() throws Exception {
        int frame = ObjectSeal.FRAME;
        byte[] plain = new byte[3 * frame];
        byte[] sealed = seal.seal("data/ef/w", plain);
        ObjectSeal.Header header = ObjectSeal.Header.parse("data/ef/w", sealed);
        for (int flip : new int[] {0, frame + ObjectSeal.TAG + 7, 3 * (frame + ObjectSeal.TAG) - 1}) {
            int at = (int) ObjectSeal.frameOffset(0);
            byte[] frames = Arrays.copyOfRange(sealed, at, sealed.length);
            frames[flip] ^= 1;
            assertThatThrownBy(() -> seal.openRange("data/ef/w", header, frames, 10, 3 * frame - 20))
                    .as("byte %d flipped", flip).isInstanceOf(SealException.class).hasMessageContaining("data/ef/w");
        }
    }
}
