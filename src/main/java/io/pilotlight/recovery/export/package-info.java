/**
 * Export: writes a restore point as an image a hypervisor or a cloud import accepts (raw, qcow2, vmdk,
 * vhdx) by running {@code qemu-img convert} ({@link io.pilotlight.qemu.QemuImgConvert}) against a point
 * served over NBD. Runs no program itself: the qemu library does, through {@link io.pilotlight.exec}.
 */
package io.pilotlight.recovery.export;
