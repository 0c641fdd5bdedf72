package io.pilotlight.source.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LibvirtTargetTest {
    @Test
    void anEmptyUriIsTheLocalSystemDaemon() {
        LibvirtTarget target = LibvirtTarget.parse("libvirt:///system/web1");

        assertThat(target.connection()).isEqualTo("qemu:///system");
        assertThat(target.domain()).isEqualTo("web1");
        assertThat(target.scratch()).isEqualTo(Path.of("/var/tmp"));
    }

    @Test
    void aConnectionUriWithItsSchemeIsTakenAsIs() {
        LibvirtTarget target = LibvirtTarget.parse("libvirt://qemu+ssh://root@kvm1/system/db1?scratch=/srv/scratch");

        assertThat(target.connection()).isEqualTo("qemu+ssh://root@kvm1/system");
        assertThat(target.domain()).isEqualTo("db1");
        assertThat(target.scratch()).isEqualTo(Path.of("/srv/scratch"));
        assertThat(target.diskUri("vda")).isEqualTo("libvirt://qemu+ssh://root@kvm1/system/db1#vda");
    }

    @Test
    void aBareHostMeansQemuOnThatHost() {
        assertThat(LibvirtTarget.parse("libvirt://kvm1/system/web1").connection()).isEqualTo("qemu://kvm1/system");
    }

    @Test
    void errorsNameTheSourceAndTheRule() {
        assertThatThrownBy(() -> LibvirtTarget.parse("libvirt:///system/"))
                .hasMessage("source 'libvirt:///system/': no domain after the last '/'; e.g. libvirt:///system/web1");
        assertThatThrownBy(() -> LibvirtTarget.parse("libvirt:///system/web1?scratch=tmp"))
                .hasMessageContaining("scratch directory 'tmp' must be absolute");
        assertThatThrownBy(() -> LibvirtTarget.parse("libvirt:///system/web1?bitmap=x"))
                .hasMessageContaining("unknown parameter 'bitmap=x'; valid: scratch=DIR");
    }

    @Test
    void checkpointNamesArePilotlightAndANumber() {
        assertThat(Checkpoints.number("pilotlight-12")).hasValue(12);
        assertThat(Checkpoints.number("pilotlight-")).isEmpty();
        assertThat(Checkpoints.number("backup-1")).isEmpty();
        assertThat(new Checkpoints(java.util.List.of(3, 4)).next()).isEqualTo("pilotlight-5");
        assertThat(new Checkpoints(java.util.List.of(3, 4)).oldest()).hasValue("pilotlight-3");
    }
}
