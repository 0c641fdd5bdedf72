/**
 * libvirt domains: {@code libvirt://[URI]/DOMAIN}, every disk of a running domain from one pull-mode
 * backup ({@code virsh backup-begin}: a frozen, fleeced view of each disk exported over NBD on a unix
 * socket) with libvirt checkpoints {@code pilotlight-<n>} as change tracking, read through
 * {@link io.pilotlight.source.NbdSource} with the {@code qemu:dirty-bitmap:backup-<disk>} context.
 * libvirt is driven with {@code virsh} through {@link io.pilotlight.exec} (not the JNA binding
 * {@code org.libvirt:libvirt} 0.5.4, which predates the backup and checkpoint API of libvirt 6.0 and
 * would load libvirt into the JVM); it knows nothing of repositories.
 */
package io.pilotlight.source.libvirt;
