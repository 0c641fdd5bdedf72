/**
 * The recovery side: everything that reads restore points back out of a repository onto a disk or a
 * wire. One subpackage per feature: {@code image} (raw images and block devices as targets, their
 * locks, claims and grain writers), {@code restore} (a point to a sparse file or a device),
 * {@code follow} (a standby image kept at the newest point, crash-safe), {@code serve} (a point over
 * NBD, read-only or through a copy-on-write overlay) and {@code export} (a point as qcow2, vmdk, vhdx
 * through {@code qemu-img}). Reads through {@code io.pilotlight.repo} only, checks a hash on every
 * read, and never writes the repository.
 */
package io.pilotlight.recovery;
