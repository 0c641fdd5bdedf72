package io.pilotlight.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parsing of SOAP answers as vCenter writes them ({@code xsi:type}) and as vcsim writes them
 * ({@code XMLSchema-instance:type}); the samples in {@code src/test/resources/vsphere/} follow the vSphere
 * Web Services API reference.
 */
class SoapSamplesTest {

    static XmlElement response(String sample, String method) throws IOException {
        try (InputStream in = SoapSamplesTest.class.getResourceAsStream("/vsphere/" + sample)) {
            return SoapConnection.responseOf(method, SoapXml.parse(in));
        }
    }

    @Test
    void serviceContent() throws IOException {
        XmlElement response = response("retrieve-service-content.xml", "RetrieveServiceContent");
        ServiceContent content = ServiceContent.fromReturnValue(response.child("returnval").orElseThrow());
        assertThat(content.rootFolder()).isEqualTo(new MoRef("Folder", "group-d1"));
        assertThat(content.propertyCollector()).isEqualTo(new MoRef("PropertyCollector", "propertyCollector"));
        assertThat(content.sessionManager()).isEqualTo(new MoRef("SessionManager", "SessionManager"));
        assertThat(content.viewManager().value()).isEqualTo("ViewManager");
        assertThat(content.searchIndex().value()).isEqualTo("SearchIndex");
        assertThat(content.apiVersion()).isEqualTo("7.0.3.0");
    }

    @Test
    void vmDisksLabelledByTheirControllers() throws IOException {
        List<ObjectContent> objects = ObjectContent.fromRetrieveResult(
                response("retrieve-properties-vm.xml", "RetrievePropertiesEx").child("returnval").orElseThrow());
        assertThat(objects).hasSize(1);
        ObjectContent vm = objects.get(0);
        assertThat(vm.ref()).isEqualTo(new MoRef("VirtualMachine", "vm-1042"));
        assertThat(vm.text("config.changeTrackingEnabled")).contains("true");
        List<VirtualDisk> disks = VirtualDisk.fromDevices(vm.property("config.hardware.device").orElseThrow());
        assertThat(disks).extracting(VirtualDisk::label).containsExactly("scsi0:0", "scsi0:1", "scsi1:2");
        VirtualDisk first = disks.get(0);
        assertThat(first.key()).isEqualTo(2000);
        assertThat(first.capacityInBytes()).isEqualTo(17179869184L);
        assertThat(first.fileName()).isEqualTo("[datastore1] web1/web1.vmdk");
        assertThat(first.datastore()).isEqualTo("datastore1");
        assertThat(first.datastorePath()).isEqualTo("web1/web1.vmdk");
        assertThat(first.uuid()).contains("6000C29a-1f8e-4d2b-93c3-5b2a6e0c7f01");
        assertThat(first.changeId()).contains("52 3f 7c 1e 9a 0b 44 d2-8e 6f 21 5a c3 b7 90 1d/41");
        assertThat(disks.get(1).capacityInBytes()).as("capacityInKB when capacityInBytes is missing")
                .isEqualTo(1024L * 1048576);
        assertThat(disks.get(2).changeId()).isEmpty();
        assertThat(disks.get(2).datastore()).isEqualTo("san-lun 02");
        assertThat(disks.get(2).datastorePath()).isEqualTo("web1 data/web1_2.vmdk");
        assertThat(disks).extracting(VirtualDisk::independent).containsExactly(false, false, true);
        assertThat(disks.get(2).diskMode()).contains("independent_persistent");
    }

    @Test
    void snapshotTreeFlattenedParentsFirst() throws IOException {
        ObjectContent vm = ObjectContent.fromRetrieveResult(
                response("retrieve-properties-vm.xml", "RetrievePropertiesEx").child("returnval").orElseThrow()).get(0);
        assertThat(Snapshot.fromSnapshotInfo(vm.property("snapshot").orElseThrow())).containsExactly(
                new Snapshot("before upgrade", new MoRef("VirtualMachineSnapshot", "snapshot-2201")),
                new Snapshot("pilotlight-20261121T230000Z", new MoRef("VirtualMachineSnapshot", "snapshot-2210")));
    }

    @Test
    void vcsimPrefixIsReadByNamespace() throws IOException {
        ObjectContent vm = ObjectContent.fromRetrieveResult(
                response("retrieve-properties-vcsim.xml", "RetrievePropertiesEx").child("returnval").orElseThrow()).get(0);
        XmlElement devices = vm.property("config.hardware.device").orElseThrow();
        assertThat(devices.xsiType()).contains("ArrayOfVirtualDevice");
        List<VirtualDisk> disks = VirtualDisk.fromDevices(devices);
        assertThat(disks).singleElement().satisfies(disk -> {
            assertThat(disk.label()).isEqualTo("scsi0:0");
            assertThat(disk.key()).isEqualTo(204);
            assertThat(disk.capacityInBytes()).isEqualTo(10737418240L);
            assertThat(disk.uuid()).contains("be8d2471-f32e-5c7e-a89b-22cb8e533890");
            assertThat(disk.changeId()).isEmpty();
        });
    }

    @Test
    void aTypeAttributeInAnotherNamespaceIsNotTheSchemaType() throws IOException {
        String xml = "<a xmlns:xsi='urn:not-schema-instance' xsi:type='Wrong'><b xmlns:q='http://www.w3.org/2001/"
                + "XMLSchema-instance' q:type='vim25:VirtualDisk'/></a>";
        XmlElement root = SoapXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(root.xsiType()).isEmpty();
        assertThat(root.child("b").orElseThrow().xsiType()).contains("VirtualDisk");
    }

    @Test
    void changedDiskAreas() throws IOException {
        DiskChangeInfo info = DiskChangeInfo.fromReturnValue(
                response("query-changed-disk-areas.xml", "QueryChangedDiskAreas").child("returnval").orElseThrow());
        assertThat(info.startOffset()).isZero();
        assertThat(info.length()).isEqualTo(17179869184L);
        assertThat(info.areas()).containsExactly(new DiskArea(0, 1048576), new DiskArea(5368709120L, 65536),
                new DiskArea(17179803648L, 65536));
    }

    @Test
    void areasOutsideTheAnswersRangeAreRefused() {
        assertThatThrownBy(() -> new DiskChangeInfo(0, 65536, List.of(new DiskArea(65536, 65536))))
                .hasMessageContaining("outside the answer's range 0 + 65536");
    }

    @Test
    void notAuthenticatedFault() {
        assertThatThrownBy(() -> response("fault-not-authenticated.xml", "RetrievePropertiesEx"))
                .isInstanceOfSatisfying(VsphereFault.class, fault -> {
                    assertThat(fault.faultType()).isEqualTo("NotAuthenticated");
                    assertThat(fault.getMessage()).isEqualTo(
                            "vSphere RetrievePropertiesEx failed: NotAuthenticated: The session is not authenticated.");
                });
    }

    @Test
    void faultNamesVmDiskMethodAndType() {
        assertThatThrownBy(() -> {
            try {
                response("fault-file-fault.xml", "QueryChangedDiskAreas");
            } catch (VsphereFault fault) {
                throw fault.about("web1", Optional.of("scsi0:0"));
            }
        }).isInstanceOfSatisfying(VsphereFault.class, fault -> {
            assertThat(fault.getMessage()).isEqualTo("vSphere QueryChangedDiskAreas on VM 'web1' disk scsi0:0 failed:"
                    + " FileFault: Error caused by file /vmfs/volumes/5f3a2b1c-d4e5f6a7-8b9c-001122334455/web1/web1.vmdk");
            assertThat(fault.vm()).contains("web1");
            assertThat(fault.disk()).contains("scsi0:0");
        });
        assertThatThrownBy(() -> response("fault-invalid-argument.xml", "QueryChangedDiskAreas"))
                .isInstanceOfSatisfying(VsphereFault.class, fault -> assertThat(fault.faultType())
                        .isEqualTo("InvalidArgument"));
    }

    @Test
    void faultWithoutXsiTypeIsNamedByItsElement() throws IOException {
        String xml = "<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'><soapenv:Body>"
                + "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>no</faultstring><detail>"
                + "<InvalidLoginFault xmlns='urn:vim25'/></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
        XmlElement envelope = SoapXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> SoapConnection.responseOf("Login", envelope))
                .hasMessage("vSphere Login failed: InvalidLogin: no");
    }

    @Test
    void taskInErrorCarriesItsFault() throws IOException {
        ObjectContent task = ObjectContent.fromRetrieveResult(
                response("task-error.xml", "RetrievePropertiesEx").child("returnval").orElseThrow()).get(0);
        XmlElement info = task.property("info").orElseThrow();
        assertThat(info.childText("state")).contains("error");
        VsphereFault fault = VsphereFault.fromMethodFault("CreateSnapshot_Task", info.child("error").orElseThrow())
                .about("web1", Optional.empty());
        assertThat(fault.getMessage()).isEqualTo("vSphere CreateSnapshot_Task on VM 'web1' failed: SnapshotFault: An"
                + " error occurred while saving the snapshot: Insufficient disk space on datastore 'datastore1'.");
    }

    @Test
    void notXmlIsAClearError() {
        assertThatThrownBy(() -> SoapXml.parse(new ByteArrayInputStream("<html><body>503".getBytes(
                StandardCharsets.UTF_8)))).isInstanceOf(IOException.class).hasMessageContaining("not well-formed");
    }

    @Test
    void entitiesAreNotExpanded() {
        String xml = "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>";
        assertThatThrownBy(() -> SoapXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void requestsEscapeTheirParameters() {
        assertThat(SoapXml.envelope("Login", SoapXml.element("password", "a<b&\"c'")))
                .contains("<Login xmlns=\"urn:vim25\"><password>a&lt;b&amp;&quot;c&apos;</password></Login>");
        assertThat(new MoRef("VirtualMachine", "vm-1").xml("_this"))
                .isEqualTo("<_this type=\"VirtualMachine\">vm-1</_this>");
    }

    @Test
    void datastoreFileUrl() {
        assertThat(new DatastoreFile("dc 1/sub", "san-lun 02", "web1 data/web1_2-flat.vmdk").urlPath())
                .isEqualTo("/folder/web1%20data/web1_2-flat.vmdk?dcPath=dc%201%2Fsub&dsName=san-lun%2002");
    }

    @Test
    void thumbprints() {
        String hex = "AB".repeat(32);
        assertThat(PinnedCertificateTrust.normalize(String.join(":", hex.split("(?<=\\G..)"))))
                .isEqualTo("ab".repeat(32));
        assertThat(PinnedCertificateTrust.normalize(hex)).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> PinnedCertificateTrust.normalize("AB:CD"))
                .hasMessageContaining("not a SHA-256 thumbprint");
        assertThatThrownBy(() -> PinnedCertificateTrust.normalize("zz".repeat(32)))
                .hasMessageContaining("64 hex digits");
    }
}
