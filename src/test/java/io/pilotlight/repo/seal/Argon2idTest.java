package io.pilotlight.repo.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2idTest {
    private static final byte[] PASSWORD = "correct horse battery".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SALT = "saltsaltsaltsalt".getBytes(StandardCharsets.UTF_8);

    /** Tags from the reference implementation: {@code echo -n 'correct horse battery' | argon2 saltsaltsaltsalt -id ... -l 32 -r}. */
    @Test
    void givesTheReferenceImplementationsTags() {
        assertThat(hex(Argon2id.derive(PASSWORD, SALT, 64 * 1024, 2, 4, 32)))
                .isEqualTo("297a6ffddb76915a9b7eef97dc050bb5eb8be06bc04aab8c61599e7338bce2a3");
        assertThat(hex(Argon2id.derive(PASSWORD, SALT, 1024, 3, 1, 32)))
                .isEqualTo("857b752182714e58301cea903913746bd899ead57b33d4eadd75301e8c0f3a8f");
        assertThat(hex(Argon2id.derive(PASSWORD, SALT, 100, 1, 3, 32)))
                .isEqualTo("3f08c52a53f507895c65500cb49e6ca2506f435d5fe64df6fd0b377c4af1412e");
        assertThat(hex(Argon2id.derive(PASSWORD, SALT, 64, 4, 2, 32)))
                .isEqualTo("df39d54f2eece49877b94aa4892c63f57cc991013826395af8b308e815e3aabb");
    }

    /** Key files made before (with BouncyCastle's Argon2id) must still open: the same tag for any cost. */
    @Test
    void givesBouncyCastlesTagsForEveryShapeOfCost() {
        Random random = new Random(7);
        int[][] costs = {{8, 1, 1}, {16, 2, 2}, {33, 1, 1}, {257, 3, 1}, {300, 2, 5}, {1000, 1, 16}, {4096, 2, 1}};
        for (int[] cost : costs) {
            byte[] password = new byte[random.nextInt(40)];
            byte[] salt = new byte[16 + random.nextInt(16)];
            random.nextBytes(password);
            random.nextBytes(salt);
            for (int length : new int[] {32, 64, 65, 100}) {
                assertThat(Argon2id.derive(password, salt, cost[0], cost[1], cost[2], length))
                        .as("m=%d t=%d p=%d length %d", cost[0], cost[1], cost[2], length)
                        .isEqualTo(bouncyCastle(password, salt, cost[0], cost[1], cost[2], length));
            }
        }
    }

    private static byte[] bouncyCastle(byte[] password, byte[] salt, int memoryKib, int passes, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKib).withIterations(passes)
                .withParallelism(lanes).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
