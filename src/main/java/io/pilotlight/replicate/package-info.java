/**
 * The replicate pipeline: changed extents from a source, grains hashed and compared with the parent
 * point, chunks compressed in parallel, packed, stored, indexed, and a restore point committed.
 * A group point takes every disk of a machine ({@link io.pilotlight.replicate.GroupReplicator}); a
 * machine's run ({@link io.pilotlight.replicate.MachineReplicator}) owns the order: the group's lease,
 * then the machine's session ({@link io.pilotlight.source.MachineSource}), the disks, the group point,
 * the session closed. Emits progress and run events; never prints.
 */
package io.pilotlight.replicate;
