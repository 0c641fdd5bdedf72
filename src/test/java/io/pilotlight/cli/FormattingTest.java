package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormattingTest {
    @Test
    void parsesSizes() {
        assertThat(ByteSize.parse("65536")).isEqualTo(65536);
        assertThat(ByteSize.parse("64K")).isEqualTo(65536);
        assertThat(ByteSize.parse("64k")).isEqualTo(65536);
        assertThat(ByteSize.parse("64KiB")).isEqualTo(65536);
        assertThat(ByteSize.parse("1M")).isEqualTo(1 << 20);
        assertThat(ByteSize.parse("100M")).isEqualTo(100L << 20);
        assertThat(ByteSize.parse("1G")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(ByteSize.parse("512B")).isEqualTo(512);
    }

    @Test
    void rejectsBadSizes() {
        for (String bad : new String[] {"", "-1", "1.5G", "1X", "K", "99999999999999999999"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("size '" + bad + "'");
        }
    }

    @Test
    void formatsSizes() {
        assertThat(ByteSize.format(0)).isEqualTo("0 B");
        assertThat(ByteSize.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSize.format(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteSize.format(20L << 20)).isEqualTo("20.0 MiB");
        assertThat(ByteSize.format((1L << 30) - 1)).isEqualTo("1.0 GiB");
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1.5 GiB");
    }

    @Test
    void grainSizes() {
        assertThat(GrainSize.parse("4K")).isEqualTo(4096);
        assertThat(GrainSize.parse("64K")).isEqualTo(65536);
        assertThat(GrainSize.parse("65536")).isEqualTo(65536);
        assertThat(GrainSize.parse("1M")).isEqualTo(1 << 20);
        assertThatThrownBy(() -> GrainSize.parse("2M"))
                .hasMessage("grain size 2M (2097152 bytes): must be a power of two between 4K and 1M (e.g. 64K)");
        assertThatThrownBy(() -> GrainSize.parse("48K")).hasMessageContaining("power of two");
        assertThatThrownBy(() -> GrainSize.parse("2K")).hasMessageContaining("between 4K and 1M");
    }

    @Test
    void diskNames() {
        assertThat(DiskName.check("vm-12.sda_0")).isEqualTo("vm-12.sda_0");
        assertThat(DiskName.check("a".repeat(64))).hasSize(64);
        for (String bad : new String[] {"", "-vm", ".vm", "VM", "vm/sda", "vm 1", "a".repeat(65)}) {
            assertThatThrownBy(() -> DiskName.check(bad)).as(bad).hasMessageContaining("must match " + DiskName.RULE);
        }
    }

    @Test
    void durations() {
        assertThat(HumanDuration.format(850)).isEqualTo("850 ms");
        assertThat(HumanDuration.format(3210)).isEqualTo("3.2 s");
        assertThat(HumanDuration.format(245_000)).isEqualTo("4m 05s");
        assertThat(HumanDuration.format(7_380_000)).isEqualTo("2h 03m");
        assertThat(HumanDuration.clock(4)).isEqualTo("0:04");
        assertThat(HumanDuration.clock(3723)).isEqualTo("1:02:03");
    }
}
