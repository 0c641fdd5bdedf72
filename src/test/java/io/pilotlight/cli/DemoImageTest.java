package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoImageTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path temp;

    @Test
    void sha256OfAFileIsWhatSha256sumPrints() throws Exception {
        Path file = Files.writeString(temp.resolve("abc"), "abc", StandardCharsets.US_ASCII);

        assertThat(FileDigest.sha256(file)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void imageIsDeterministicSizedAndHoldsTheData() throws Exception {
        Path a = temp.resolve("a.img");
        Path b = temp.resolve("b.img");
        DemoImage.create(a, 16 * MIB, 4 * MIB, 7);
        DemoImage.create(b, 16 * MIB, 4 * MIB, 7);

        assertThat(Files.size(a)).isEqualTo(16 * MIB);
        assertThat(FileDigest.sha256(a)).isEqualTo(FileDigest.sha256(b));
        assertThat(nonZeroGrains(a)).isEqualTo(4 * MIB / DemoImage.GRAIN);
    }

    @Test
    void changeRewritesScatteredGrainsInPlace() throws Exception {
        Path image = temp.resolve("a.img");
        DemoImage.create(image, 16 * MIB, 4 * MIB, 7);
        byte[] before = Files.readAllBytes(image);

        long changed = DemoImage.change(image, 16 * MIB, MIB, 8);

        byte[] after = Files.readAllBytes(image);
        assertThat(changed).isEqualTo(MIB);
        assertThat(after).hasSize(before.length);
        int differentGrains = 0;
        for (int grain = 0; grain < before.length / DemoImage.GRAIN; grain++) {
            for (int i = grain * DemoImage.GRAIN; i < (grain + 1) * DemoImage.GRAIN; i++) {
                if (before[i] != after[i]) {
                    differentGrains++;
                    break;
                }
            }
        }
        assertThat(differentGrains).isEqualTo(16);
    }

    @Test
    void sizesMustFit() {
        assertThatThrownBy(() -> DemoImage.checkSizes(4 * MIB, 3 * MIB)).hasMessageContaining("half the image size");
        assertThatThrownBy(() -> DemoImage.checkSizes(4 * MIB + 1, MIB)).hasMessageContaining("multiples of 64K");
    }

    private static long nonZeroGrains(Path image) throws Exception {
        byte[] bytes = Files.readAllBytes(image);
        long count = 0;
        for (int grain = 0; grain < bytes.length / DemoImage.GRAIN; grain++) {
            for (int i = grain * DemoImage.GRAIN; i < (grain + 1) * DemoImage.GRAIN; i++) {
                if (bytes[i] != 0) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
