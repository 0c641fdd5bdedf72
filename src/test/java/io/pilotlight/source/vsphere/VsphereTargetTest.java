package io.pilotlight.source.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.source.Extent;
import io.pilotlight.vsphere.DiskArea;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class VsphereTargetTest {

    @Test
    void parsesUserHostPortAndVm() {
        VsphereTarget target = VsphereTarget.parse("vsphere://backup@vsphere.local@vc1.example.org:8443/web%201");
        assertThat(target.user()).isEqualTo("backup@vsphere.local");
        assertThat(target.host()).isEqualTo("vc1.example.org");
        assertThat(target.port()).isEqualTo(8443);
        assertThat(target.vm()).isEqualTo("web 1");
        assertThat(target.sdkUri()).isEqualTo(URI.create("https://vc1.example.org:8443/sdk"));

        VsphereTarget path = VsphereTarget.parse("vsphere://root%40localos@esx1/DC1/vm/prod/db1");
        assertThat(path.user()).isEqualTo("root@localos");
        assertThat(path.port()).isEqualTo(443);
        assertThat(path.vm()).isEqualTo("DC1/vm/prod/db1");

        VsphereTarget ipv6 = VsphereTarget.parse("vsphere://u@[fd00::5]:443/vm-42");
        assertThat(ipv6.host()).isEqualTo("[fd00::5]");
        assertThat(ipv6.vm()).isEqualTo("vm-42");
        assertThat(ipv6.sdkUri().getHost()).isEqualTo("[fd00::5]");
    }

    @Test
    void refusesIncompleteUris() {
        for (String uri : List.of("vsphere://vc1/web1", "vsphere://u@vc1", "vsphere://u@vc1/", "vsphere://u@vc1:0/x",
                "vsphere://u@vc1/folder/")) {
            assertThatThrownBy(() -> VsphereTarget.parse(uri)).as(uri).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(uri);
        }
    }

    @Test
    void diskNamesFromUnitLabels() {
        assertThat(VsphereDisk.nameOf("scsi0:0")).isEqualTo("scsi0-0");
        assertThat(VsphereDisk.nameOf("nvme1:15")).isEqualTo("nvme1-15");
    }

    @Test
    void areasAreSortedMergedAndComplemented() {
        List<Extent> extents = VsphereDiskSource.extents(List.of(new DiskArea(200, 50), new DiskArea(0, 100),
                new DiskArea(100, 20), new DiskArea(210, 10), new DiskArea(300, 0)));
        assertThat(extents).containsExactly(new Extent(0, 120), new Extent(200, 50));
        assertThat(VsphereDiskSource.complement(extents, 400)).containsExactly(new Extent(120, 80), new Extent(250, 150));
        assertThat(VsphereDiskSource.complement(List.of(), 400)).containsExactly(new Extent(0, 400));
        assertThat(VsphereDiskSource.complement(List.of(new Extent(0, 400)), 400)).isEmpty();
    }
}
