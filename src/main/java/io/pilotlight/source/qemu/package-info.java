/**
 * QEMU sources: {@code qemu:/path/disk.qcow2} on an offline image (checkpoint bitmaps managed with
 * {@code qemu-img}, read through {@code qemu-nbd}) and {@code qmp:} on a disk a running QEMU holds
 * (a fleecing view frozen by a QMP transaction and exported over NBD). Both read through
 * {@link io.pilotlight.source.NbdSource} and rotate their bitmaps only when the point commits.
 */
package io.pilotlight.source.qemu;
