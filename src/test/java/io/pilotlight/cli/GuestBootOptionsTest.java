package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pilotlight.recovery.drill.DrillOptions;
import io.pilotlight.recovery.drill.DrillOptions.Accelerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The guest boot options drill and failover share, parsed as either command parses them. */
class GuestBootOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "boots")
    static final class Boots {
        @Mixin
        GuestBootOptions boot;
    }

    private static GuestBootOptions parse(String... args) {
        Boots boots = new Boots();
        new CommandLine(boots).parseArgs(args);
        return boots.boot;
    }

    @Test
    void givenOptionsWinAndTheCommandsDefaultsFillTheRest() {
        GuestBootOptions given = parse("--memory", "1G", "--accel", "tcg", "--heartbeat", "up$");
        assertThat(given.memory(256L << 20)).isEqualTo(1L << 30);
        assertThat(given.memoryUnset()).isFalse();
        assertThat(given.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(given.heartbeat(DrillOptions.DEFAULT_HEARTBEAT).pattern()).isEqualTo("up$");

        GuestBootOptions none = parse();
        assertThat(none.memory(512L << 20)).isEqualTo(512L << 20);
        assertThat(none.memoryUnset()).isTrue();
        assertThat(none.accelerator()).isEqualTo(Accelerator.AUTO);
        assertThat(none.heartbeat(DrillOptions.DEFAULT_HEARTBEAT)).isSameAs(DrillOptions.DEFAULT_HEARTBEAT);
        assertThat(none.firmware(dir.resolve("absent.fd"), Optional.empty())).isEmpty();
    }

    @Test
    void uefiNeedsTheFirmwareFileAndNamesThePathItLookedFor() throws Exception {
        Path missing = dir.resolve("OVMF_CODE.fd");

        Throwable thrown = catchThrowable(() -> parse("--uefi").firmware(missing, Optional.empty()));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("--uefi: no UEFI firmware at "
                + missing + "; install it with: apt-get install ovmf");
        assertThat(catchThrowable(() -> parse("--uefi").firmware(missing, Optional.of("qemu:///system"))))
                .as("a libvirt on this host reads the same file").hasMessageContaining("no UEFI firmware at " + missing);
        assertThat(parse("--uefi").firmware(missing, Optional.of("qemu+ssh://recovery-host/system")))
                .as("another host's file is not looked for here").contains(missing);
        Files.write(missing, new byte[4096]);
        assertThat(parse("--uefi").firmware(missing, Optional.empty())).contains(missing);
    }

    @Test
    void badValuesNameTheOption() {
        assertThat(catchThrowable(() -> parse("--accel", "hyperv").accelerator()))
                .hasMessage("--accel 'hyperv': expected auto, kvm or tcg");
        assertThat(catchThrowable(() -> parse("--heartbeat", "(").heartbeat(DrillOptions.DEFAULT_HEARTBEAT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--heartbeat '(' is not a regular"
                        + " expression: ");
    }
}
