/**
 * The QEMU tools as a library: the QMP client ({@link io.pilotlight.qemu.QmpClient}), {@code qemu-img}
 * ({@link io.pilotlight.qemu.QemuImg}: info, create, persistent bitmaps; {@link
 * io.pilotlight.qemu.QemuImgConvert}: convert with progress) and a {@code qemu-nbd} server ({@link
 * io.pilotlight.qemu.QemuNbdServer}). Every program runs through {@link io.pilotlight.exec}; a missing tool
 * says to install {@code qemu-utils}. Used by the {@code qemu:}/{@code qmp:} sources and by export; uses
 * nothing else of pilotlight but {@code exec} and {@code nbd} (for the address a server listens on).
 */
package io.pilotlight.qemu;
