/**
 * QEMU sources: {@code qemu:/path/disk.qcow2} on an offline image (checkpoint bitmaps managed with
 * {@code qemu-img}, read through {@code qemu-nbd}) and {@code qmp:} on a disk a running QEMU holds
 * (a fleecing view frozen by a QMP transaction and exported over NBD). Both read through
 * {@link io.pilotlight.source.NbdSource} and rotate their bitmaps only when the point commits. The
 * tools themselves (QMP client, qemu-img, qemu-nbd) are the library {@link io.pilotlight.qemu}; this
 * package runs no program directly and owns the claim on an image (lock, leftover qemu-nbd).
 */
package io.pilotlight.source.qemu;
