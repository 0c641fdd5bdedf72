/**
 * The libvirt domain a group point was taken from, read back from its saved {@code domainXml}
 * (docs/design.md §8a) with the JDK's DOM: as a {@link io.pilotlight.recovery.libvirt.MachineShape}
 * (memory, vCPUs, each disk's bus and boot order) that drills and failovers boot with, and rewritten
 * by {@link io.pilotlight.recovery.libvirt.RestoredDomain} into a domain that runs on restored images
 * ({@code restore --group … --libvirt-xml}). Uses nothing of pilotlight: it runs no program and reads
 * no repository.
 */
package io.pilotlight.recovery.libvirt;
