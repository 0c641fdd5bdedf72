package io.pilotlight.source.vsphere;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A child JVM holding a vSphere session: {@code VsphereChild URI PASSWORD THUMBPRINT MODE}. Mode
 * {@code hang}: opens the session, prints {@code open SNAPSHOT} and reads the first disk until killed.
 * Mode {@code fail}: opens the session and fails inside try-with-resources.
 */
public final class VsphereChild {
    public static void main(String[] args) throws Exception {
        VsphereOptions options = VsphereOptions.withPassword(args[1]).withThumbprint(args[2])
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));
        try (VsphereVm vm = VsphereVm.open(VsphereTarget.parse(args[0]), options)) {
            System.out.println("open " + vm.snapshotName());
            System.out.flush();
            if (args[3].equals("fail")) {
                throw new IllegalStateException("the run failed on purpose");
            }
            VsphereDiskSource source = vm.disks().get(0).source();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (true) {
                buffer.clear();
                source.read(0, buffer);
                Thread.sleep(10);
            }
        }
    }
}
