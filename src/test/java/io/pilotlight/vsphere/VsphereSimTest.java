package io.pilotlight.vsphere;

import static io.pilotlight.vsphere.RawSoap.children;
import static io.pilotlight.vsphere.RawSoap.firstLocal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pilotlight.testing.Slow;
import io.pilotlight.testing.VsphereSim;
import io.pilotlight.vsphere.RawSoap.Fault;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The simulator against raw SOAP: change ids, QueryChangedDiskAreas, paging, faults, datastore reads. */
@Timeout(120)
@Slow
class VsphereSimTest {
    private static final int GRAIN = 64 * 1024;
    private static final long MIB = 1024 * 1024;
    private static final String CHANGE_ID = "52( [0-9a-f]{2}){7}-[0-9a-f]{2}( [0-9a-f]{2}){7}/[0-9]+";

    @TempDir
    Path dir;

    /** A changed area: start and length in bytes. */
    record Area(long start, long length) {}

    @Test
    void snapshotsCarryChangeIdsAndStarListsExactlyTheNonZeroGrains() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", 4 * MIB, MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            enableChangeTracking(soap, vm);
            assertThat(soap.property("VirtualMachine", vm, "config.changeTrackingEnabled").getTextContent()).isEqualTo("true");
            writeGrains(sim.diskFile("vm1", 0), 1, 2, 3, 10, 63);
            writeGrains(sim.diskFile("vm1", 1), 15);
            Map<Integer, String[]> before = disks(soap.property("VirtualMachine", vm, "config.hardware.device"));

            String snapshot = snapshot(soap, vm, "first");

            Map<Integer, String[]> inSnapshot = disks(soap.property("VirtualMachineSnapshot", snapshot, "config.hardware.device"));
            Map<Integer, String[]> live = disks(soap.property("VirtualMachine", vm, "config.hardware.device"));
            assertThat(inSnapshot.keySet()).containsExactly(2000, 2001);
            for (int key : inSnapshot.keySet()) {
                assertThat(inSnapshot.get(key)[1]).matches(CHANGE_ID).endsWith("/1");
                assertThat(live.get(key)[1]).isEqualTo(inSnapshot.get(key)[1]);
                assertThat(inSnapshot.get(key)[0]).isEqualTo(before.get(key)[0]).isEqualTo(live.get(key)[0]).isNotEmpty();
                assertThat(before.get(key)[1]).isEmpty();
            }
            assertThat(inSnapshot.get(2000)[1]).isNotEqualTo(inSnapshot.get(2001)[1]);
            assertThat(sim.snapshotCount("vm1")).isEqualTo(1);

            assertThat(queryAll(soap, vm, snapshot, 2000, "*", 4 * MIB))
                    .containsExactly(new Area(GRAIN, 3L * GRAIN), new Area(10L * GRAIN, GRAIN), new Area(63L * GRAIN, GRAIN));
            assertThat(queryAll(soap, vm, snapshot, 2001, "*", MIB)).containsExactly(new Area(15L * GRAIN, GRAIN));
        }
    }

    @Test
    void anOlderChangeIdListsExactlyTheGrainsChangedSince() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", 8 * MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            enableChangeTracking(soap, vm);
            Path disk = sim.diskFile("vm1", 0);
            writeGrains(disk, 0, 1, 2, 50);
            String first = snapshot(soap, vm, "first");
            String firstChangeId = disks(soap.property("VirtualMachineSnapshot", first, "config.hardware.device")).get(2000)[1];
            call(soap, "<RemoveSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachineSnapshot\">" + first
                    + "</_this><removeChildren>false</removeChildren></RemoveSnapshot_Task>");
            assertThat(sim.snapshotCount("vm1")).isZero();

            writeGrains(disk, 2, 3, 100, 127);              // new content in grains 2, 3, 100, 127
            rewriteSame(disk, 50);                          // same bytes: not a change
            String second = snapshot(soap, vm, "second");
            String secondChangeId = disks(soap.property("VirtualMachineSnapshot", second, "config.hardware.device")).get(2000)[1];

            assertThat(secondChangeId).isNotEqualTo(firstChangeId).endsWith("/2")
                    .startsWith(firstChangeId.substring(0, firstChangeId.indexOf('/')));
            assertThat(queryAll(soap, vm, second, 2000, firstChangeId, 8 * MIB)).containsExactly(
                    new Area(2L * GRAIN, 2L * GRAIN), new Area(100L * GRAIN, GRAIN), new Area(127L * GRAIN, GRAIN));
            assertThat(queryAll(soap, vm, second, 2000, secondChangeId, 8 * MIB)).isEmpty();
        }
    }

    @Test
    void answersArePagedAndCoverTheDiskWhenLooped() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", 4 * MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            sim.setChangeTracking("vm1", true);
            writeGrains(sim.diskFile("vm1", 0), 0, 5, 6, 9, 20, 40, 63);
            String snapshot = snapshot(soap, vm, "paged");
            sim.setPageSize(2);

            List<Long> pageEnds = new ArrayList<>();
            List<Area> areas = new ArrayList<>();
            for (long offset = 0; offset < 4 * MIB; ) {
                Element info = query(soap, vm, snapshot, 2000, offset, "*");
                List<Area> page = areas(info);
                assertThat(page).hasSizeLessThanOrEqualTo(2);
                assertThat(Long.parseLong(firstLocal(info, "startOffset").getTextContent())).isEqualTo(offset);
                areas.addAll(page);
                offset += Long.parseLong(RawSoap.children(info, "length").get(0).getTextContent());
                pageEnds.add(offset);
            }
            assertThat(areas).containsExactly(new Area(0, GRAIN), new Area(5L * GRAIN, 2L * GRAIN), new Area(9L * GRAIN, GRAIN),
                    new Area(20L * GRAIN, GRAIN), new Area(40L * GRAIN, GRAIN), new Area(63L * GRAIN, GRAIN));
            assertThat(pageEnds).containsExactly(7L * GRAIN, 21L * GRAIN, 4 * MIB);
            assertThatThrownBy(() -> query(soap, vm, snapshot, 2000, 4 * MIB, "*"))
                    .isInstanceOfSatisfying(Fault.class, f -> assertThat(f.type).isEqualTo("InvalidArgument"));
        }
    }

    @Test
    void unknownMalformedAndResetChangeIdsAndDisabledTrackingFault() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            String untracked = snapshot(soap, vm, "before tracking");
            assertFault(() -> query(soap, vm, untracked, 2000, 0, "*"), "FileFault", "[datastore1] vm1/vm1.vmdk");

            enableChangeTracking(soap, vm);
            String tracked = snapshot(soap, vm, "tracked");
            String changeId = disks(soap.property("VirtualMachineSnapshot", tracked, "config.hardware.device")).get(2000)[1];
            assertThat(areas(query(soap, vm, tracked, 2000, 0, changeId))).isEmpty();
            assertFault(() -> query(soap, vm, tracked, 2000, 0, "52 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00/1"),
                    "FileFault", "[datastore1] vm1/vm1.vmdk");
            assertFault(() -> query(soap, vm, tracked, 2000, 0, "not-a-change-id"), "InvalidArgument", "changeId");
            assertFault(() -> query(soap, vm, tracked, 2001, 0, "*"), "InvalidArgument", "deviceKey");

            sim.resetChangeTracking("vm1");
            String afterReset = snapshot(soap, vm, "after reset");
            String newChangeId = disks(soap.property("VirtualMachineSnapshot", afterReset, "config.hardware.device")).get(2000)[1];
            assertThat(newChangeId).endsWith("/1").isNotEqualTo(changeId);
            assertFault(() -> query(soap, vm, afterReset, 2000, 0, changeId), "FileFault", "vm1.vmdk");
            assertThat(areas(query(soap, vm, afterReset, 2000, 0, newChangeId))).isEmpty();

            call(soap, "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + vm + "</_this><spec>"
                    + "<changeTrackingEnabled>false</changeTrackingEnabled></spec></ReconfigVM_Task>");
            assertFault(() -> query(soap, vm, afterReset, 2000, 0, "*"), "FileFault", "vm1.vmdk");
        }
    }

    @Test
    void expiredAndEndedSessionsGetNotAuthenticatedUntilTheyLogInAgain() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            assertThat(soap.property("VirtualMachine", vm, "name").getTextContent()).isEqualTo("vm1");

            sim.expireSessions();

            assertFault(() -> soap.property("VirtualMachine", vm, "name"), "NotAuthenticated", "not authenticated");
            assertThat(soap.get(sim.diskFolderUri("vm1", 0), "bytes=0-15").statusCode()).isEqualTo(401);
            soap.login();
            assertThat(soap.property("VirtualMachine", vm, "name").getTextContent()).isEqualTo("vm1");

            soap.call("<Logout xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this></Logout>");
            assertFault(() -> soap.property("VirtualMachine", vm, "name"), "NotAuthenticated", "not authenticated");
        }
    }

    @Test
    void aFailedTaskEndsInErrorAndChangesNothing() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            String vm = sim.vmMoref("vm1");
            String snapshot = snapshot(soap, vm, "kept");

            sim.failNextTask("RemoveSnapshot_Task");
            String remove = "<RemoveSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachineSnapshot\">" + snapshot
                    + "</_this><removeChildren>false</removeChildren></RemoveSnapshot_Task>";
            assertFault(() -> call(soap, remove), "SystemError", "injected failure of RemoveSnapshot_Task");
            assertThat(sim.snapshotCount("vm1")).isEqualTo(1);
            call(soap, remove);
            assertThat(sim.snapshotCount("vm1")).isZero();

            sim.failNextTask("CreateSnapshot_Task");
            assertFault(() -> snapshot(soap, vm, "fails"), "SystemError", "CreateSnapshot_Task");
            assertThat(sim.snapshotCount("vm1")).isZero();
            assertThatThrownBy(() -> sim.failNextTask("Login")).hasMessageContaining("task method");
            assertThatThrownBy(() -> sim.snapshotCount("nope")).hasMessageContaining("valid are vm1");
        }
    }

    @Test
    void datastoreServesTheFlatFileWithRangesAndTakesPuts() throws IOException {
        try (VsphereSim sim = VsphereSim.start(dir, new VsphereSim.VmSpec("vm1", 2 * MIB), new VsphereSim.VmSpec("vm2", MIB))) {
            RawSoap soap = new RawSoap(sim);
            soap.login();
            byte[] written = writeGrains(sim.diskFile("vm2", 0), 3).get(3);
            URI flat = sim.diskFolderUri("vm2", 0);
            assertThat(flat.toString()).contains("/folder/vm2/vm2-flat.vmdk?").contains("dsName=" + sim.datastore())
                    .contains("dcPath=" + sim.datacenter());
            assertThat(sim.diskFileName("vm2", 0)).isEqualTo("[" + sim.datastore() + "] vm2/vm2.vmdk");
            assertThat(sim.diskFile("vm2", 0)).hasFileName("vm2-flat.vmdk").hasSize(MIB);

            HttpResponse<byte[]> range = soap.get(flat, "bytes=" + (3L * GRAIN + 100) + "-" + (3L * GRAIN + 4195));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(written, 100, 4196));
            assertThat(soap.get(flat, null).body()).hasSize((int) MIB);

            URI other = URI.create("https://" + sim.host() + ":" + sim.port() + "/folder/vm2/notes.txt?dcPath="
                    + sim.datacenter() + "&dsName=" + sim.datastore());
            assertThat(soap.put(other, "hello".getBytes()).statusCode()).isEqualTo(200);
            assertThat(sim.diskFile("vm2", 0).resolveSibling("notes.txt")).hasContent("hello");
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private static void assertFault(Call call, String type, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Fault.class, f -> {
            assertThat(f.type).isEqualTo(type);
            assertThat(f.getMessage()).contains(messagePart);
        });
    }

    private static void enableChangeTracking(RawSoap soap, String vm) throws IOException {
        call(soap, "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + vm + "</_this><spec>"
                + "<changeTrackingEnabled>true</changeTrackingEnabled></spec></ReconfigVM_Task>");
    }

    private static String snapshot(RawSoap soap, String vm, String name) throws IOException {
        Element info = call(soap, "<CreateSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + vm
                + "</_this><name>" + name + "</name><memory>false</memory><quiesce>false</quiesce></CreateSnapshot_Task>");
        return firstLocal(info, "result").getTextContent();
    }

    /** Starts a task and waits for it; returns its info. */
    private static Element call(RawSoap soap, String body) throws IOException {
        return soap.waitForTask(RawSoap.returnval(soap.call(body)));
    }

    private static Element query(RawSoap soap, String vm, String snapshot, int key, long offset, String changeId)
            throws IOException {
        Document d = soap.call("<QueryChangedDiskAreas xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + vm
                + "</_this><snapshot type=\"VirtualMachineSnapshot\">" + snapshot + "</snapshot><deviceKey>" + key
                + "</deviceKey><startOffset>" + offset + "</startOffset><changeId>" + changeId + "</changeId></QueryChangedDiskAreas>");
        return RawSoap.first(d.getDocumentElement(), RawSoap.VIM, "returnval");
    }

    /** Loops QueryChangedDiskAreas from offset 0 to the disk's end, as a client must. */
    private static List<Area> queryAll(RawSoap soap, String vm, String snapshot, int key, String changeId, long capacity)
            throws IOException {
        List<Area> out = new ArrayList<>();
        for (long offset = 0; offset < capacity; ) {
            Element info = query(soap, vm, snapshot, key, offset, changeId);
            out.addAll(areas(info));
            offset += Long.parseLong(children(info, "length").get(0).getTextContent());
        }
        return out;
    }

    private static List<Area> areas(Element info) {
        List<Area> out = new ArrayList<>();
        for (Element area : children(info, "changedArea")) {
            out.add(new Area(Long.parseLong(children(area, "start").get(0).getTextContent()),
                    Long.parseLong(children(area, "length").get(0).getTextContent())));
        }
        return out;
    }

    /** Disks of a device list by key: {uuid, changeId} ("" when unset). */
    private static Map<Integer, String[]> disks(Element deviceList) {
        Map<Integer, String[]> out = new LinkedHashMap<>();
        for (Element device : children(deviceList, "VirtualDevice")) {
            if (!device.getAttributeNS(RawSoap.XSI, "type").equals("VirtualDisk")) {
                continue;
            }
            Element backing = children(device, "backing").get(0);
            List<Element> changeId = children(backing, "changeId");
            out.put(Integer.parseInt(children(device, "key").get(0).getTextContent()), new String[] {
                children(backing, "uuid").get(0).getTextContent(), changeId.isEmpty() ? "" : changeId.get(0).getTextContent()});
        }
        return out;
    }

    /** Writes random bytes into the given grains; returns what was written per grain. */
    private static Map<Integer, byte[]> writeGrains(Path disk, int... grains) throws IOException {
        Map<Integer, byte[]> written = new LinkedHashMap<>();
        Random random = new Random(Arrays.hashCode(grains) + disk.hashCode());
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            for (int grain : grains) {
                byte[] bytes = new byte[GRAIN];
                random.nextBytes(bytes);
                file.seek((long) grain * GRAIN);
                file.write(bytes);
                written.put(grain, bytes);
            }
        }
        return written;
    }

    /** Reads a grain and writes the same bytes back (a write that changes nothing). */
    private static void rewriteSame(Path disk, int grain) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            byte[] bytes = new byte[GRAIN];
            file.seek((long) grain * GRAIN);
            file.readFully(bytes);
            file.seek((long) grain * GRAIN);
            file.write(bytes);
        }
        assertThat(Files.size(disk)).isPositive();
    }
}
