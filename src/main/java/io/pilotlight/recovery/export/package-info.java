/**
 * Export: writes a restore point as an image a hypervisor or a cloud import accepts (raw, qcow2, vmdk,
 * vhdx) by running {@code qemu-img convert} against a point served over NBD.
 */
package io.pilotlight.recovery.export;
