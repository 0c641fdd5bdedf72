/**
 * Changed-block sources: the contract every source meets ({@link io.pilotlight.source.ChangedBlockSource}:
 * a disk's size, what changed since a token, and reads) and the pieces the adapters share: change sets
 * ({@link io.pilotlight.source.ExtentChanges}, {@link io.pilotlight.source.FullPass},
 * {@link io.pilotlight.source.CheckpointChanges}), the NBD reader {@link io.pilotlight.source.NbdSource}
 * (any NBD export, optionally with a QEMU dirty bitmap managed by someone else) and the scheme registry
 * {@link io.pilotlight.source.SourceUri}; and the contract of a machine whose disks are read together,
 * {@link io.pilotlight.source.MachineSource} (named URIs: {@link io.pilotlight.source.NamedSources}). One subpackage per technology holds the adapters:
 * {@code source.file} (raw images and block devices, compared grain by grain), {@code source.qemu}
 * (qcow2 images offline and disks of a running QEMU, with checkpoint bitmaps) and {@code source.vsphere}
 * (a VM's disks from one snapshot, with changed block tracking). Knows nothing of repositories or object
 * stores; adapters do not use each other.
 */
package io.pilotlight.source;
