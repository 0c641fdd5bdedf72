package io.pilotlight.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Ways to damage an encoding, for the decoder property tests. */
final class Mutations {
    private Mutations() {}

    static byte[] truncated(byte[] valid, int length) {
        return Arrays.copyOf(valid, length);
    }

    static byte[] flipped(byte[] valid, int bit) {
        byte[] copy = valid.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    /** Every length below {@code total}, or a seeded sample of {@code max} of them (always 0 and total-1). */
    static IntStream shorterLengths(int total, int max, long seed) {
        if (total <= max) {
            return IntStream.range(0, total);
        }
        Random random = new Random(seed);
        return IntStream.concat(IntStream.of(0, total - 1), random.ints(max - 2, 0, total)).distinct().sorted();
    }

    static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The decode either succeeds or fails with exactly a {@link CorruptObjectException}; returns that. */
    static CorruptObjectException succeedsOrIsCorrupt(String what, ThrowingCallable decode) {
        Throwable thrown = catchThrowable(decode);
        if (thrown != null) {
            assertThat(thrown).as(what).isExactlyInstanceOf(CorruptObjectException.class);
        }
        return (CorruptObjectException) thrown;
    }

    /** The decode fails, with exactly a {@link CorruptObjectException}; returns it. */
    static CorruptObjectException corrupt(String what, ThrowingCallable decode) {
        Throwable thrown = catchThrowable(decode);
        assertThat(thrown).as(what).isExactlyInstanceOf(CorruptObjectException.class);
        return (CorruptObjectException) thrown;
    }
}
