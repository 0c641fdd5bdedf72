/**
 * Failback: after a failover ran on the recovery site, protects the recovered machine's disks (the
 * failover's overlays over its standby images or over the repository's point) as a new point in the
 * repository. The repository stores only the grains that differ from what it holds, so only what the
 * VM wrote travels; on the original site {@code follow --force} then writes only the grains that
 * differ. Above both replicate and recovery (it replicates what a recovery feature left): may use
 * recovery.failover (its state), recovery.serve, recovery.image, replicate, source, nbd, qemu, repo and
 * progress.
 */
package io.pilotlight.failback;
