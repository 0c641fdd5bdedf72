/**
 * Failback: after a failover ran on the recovery site, protects the recovered machine's disks (the
 * failover's overlays over its standby images or over the repository's point) as a new point in the
 * repository. The repository stores only the grains that differ from what it holds, so only what the
 * VM wrote travels; on the original site {@code follow --force} then writes only the grains that
 * differ. May use recovery.failover (its state), recovery.serve, replicate, source, qemu and repo.
 */
package io.pilotlight.recovery.failback;
