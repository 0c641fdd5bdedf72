/**
 * Drills: proof that a restore point boots. A {@link io.pilotlight.recovery.drill.Drill} serves the
 * point (or every member of a group point) writable through throwaway copy-on-write overlays,
 * boots it in an isolated QEMU VM (user networking, restricted, one forwarded port per check), checks
 * a heartbeat on the serial console and TCP ports, takes a console screenshot, powers the VM off and
 * deletes the overlays. Of the repository it reads the points and writes only the drill's record
 * (docs/design.md §17). May use recovery.serve, recovery.image, repo, nbd, qemu, exec and
 * progress; knows nothing of the command line.
 */
package io.pilotlight.recovery.drill;
