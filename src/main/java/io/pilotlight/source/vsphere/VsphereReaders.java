package io.pilotlight.source.vsphere;

import io.pilotlight.nbd.NbdAddress;
import io.pilotlight.nbd.NbdClient;
import io.pilotlight.vsphere.DatastoreFile;
import io.pilotlight.vsphere.VirtualDisk;
import io.pilotlight.vsphere.VsphereClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The two ways to read a snapshot's frozen disk: the base flat file over datastore HTTP
 * ({@code /folder/<vm>/<disk>-flat.vmdk} with Range requests), or an NBD export the user runs (nbdkit's
 * VDDK plugin).
 */
final class VsphereReaders {
    private VsphereReaders() {}

    /**
     * The flat file behind {@code disk}'s descriptor ({@code web1/web1.vmdk} → {@code web1/web1-flat.vmdk}),
     * checked to exist and to be exactly the disk's capacity. Only flat VMFS or NFS disks have one.
     */
    static VsphereDiskSource.BlockReader datastore(VsphereClient client, String datacenterPath, VirtualDisk disk,
            String what) throws IOException {
        String path = disk.datastorePath();
        if (!path.endsWith(".vmdk") || path.matches(".*-\\d{6}\\.vmdk")) {
            throw new IOException(what + ": backing file " + disk.fileName() + " is not a base disk descriptor;"
                    + " datastore HTTP reads only base flat disks (use --disk-nbd " + disk.label() + "=NBD-URI)");
        }
        DatastoreFile flat = new DatastoreFile(datacenterPath, disk.datastore(),
                path.substring(0, path.length() - ".vmdk".length()) + "-flat.vmdk");
        Optional<Long> size = client.datastoreFileSize(flat);
        if (size.isPresent() && size.get() != disk.capacityInBytes()) {
            throw new IOException(what + ": datastore file " + flat + " is " + size.get() + " bytes, not the disk's "
                    + disk.capacityInBytes() + "; only flat VMFS or NFS disks can be read over datastore HTTP"
                    + " (use --disk-nbd " + disk.label() + "=NBD-URI, e.g. nbdkit's VDDK plugin)");
        }
        return new VsphereDiskSource.BlockReader() {
            @Override
            public void read(long offset, ByteBuffer target) throws IOException {
                client.readDatastoreFile(flat, offset, target);
            }

            @Override
            public void close() {}
        };
    }

    /** An NBD export of the disk, whose size must be the disk's capacity. */
    static VsphereDiskSource.BlockReader nbd(String nbdUri, VirtualDisk disk, String what) throws IOException {
        NbdClient client;
        try {
            client = NbdClient.connect(NbdAddress.parse(nbdUri), List.of());
        } catch (IOException e) {
            throw new IOException(what + ": cannot connect to NBD export " + nbdUri + ": " + e.getMessage(), e);
        }
        if (client.size() != disk.capacityInBytes()) {
            long size = client.size();
            client.close();
            throw new IOException(what + ": NBD export " + nbdUri + " is " + size + " bytes, not the disk's "
                    + disk.capacityInBytes() + " (does it serve disk " + disk.label() + " of this snapshot?)");
        }
        return new VsphereDiskSource.BlockReader() {
            @Override
            public void read(long offset, ByteBuffer target) throws IOException {
                client.read(offset, target);
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }
}
