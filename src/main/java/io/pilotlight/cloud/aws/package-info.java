/**
 * Failover into AWS: an EBS snapshot chain that follows a disk's restore points, written with the EBS
 * direct APIs ({@link io.pilotlight.cloud.aws.SnapshotSync}: the first snapshot full, each later one
 * incremental on the last and writing only the 512 KiB blocks that hold a changed grain), recorded in
 * the repository ({@code cloud/aws/<disk>/<point>.json}), and failover from it into EC2
 * ({@link io.pilotlight.cloud.aws.Failover}: register an image, run an instance, wait for its
 * heartbeat on the console). Reads restore points through {@code repo}; takes its clients, a
 * {@link io.pilotlight.cloud.aws.Ticker} and a progress listener from the caller; prints nothing.
 */
package io.pilotlight.cloud.aws;
