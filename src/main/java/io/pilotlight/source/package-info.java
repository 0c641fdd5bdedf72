/**
 * Changed-block sources: a disk's size, what changed since a token, and reads. The {@code file:}
 * source ({@link io.pilotlight.source.FileSource}: raw images, block devices) tracks nothing and
 * always reports a {@link io.pilotlight.source.FullPass}, which the pipeline turns into a
 * hash-compare against the parent point. {@link io.pilotlight.source.NbdSource} reads any NBD export
 * (through {@code io.pilotlight.nbd}), optionally with a QEMU dirty bitmap managed by someone else;
 * {@link io.pilotlight.source.QemuImageSource} manages its own checkpoint bitmaps on an offline qcow2
 * image with {@code qemu-img} and reads it through {@code qemu-nbd}; {@link io.pilotlight.source.LiveQemuSource}
 * does the same on a disk a running QEMU holds, through QMP ({@code QmpClient}) and a fleecing view
 * ({@code QemuFleece}) exported over NBD. A vSphere VM ({@code vsphere://USER@HOST/VM}) has several disks
 * and one snapshot for all of them, so it is opened as a session, {@link io.pilotlight.source.VsphereVm},
 * that gives one {@link io.pilotlight.source.VsphereDiskSource} per disk (changed block tracking through
 * {@code io.pilotlight.vsphere}); it is not opened through {@code SourceUri}. Schemes are registered in
 * {@link io.pilotlight.source.SourceUri}. Knows nothing of repositories or object stores.
 */
package io.pilotlight.source;
