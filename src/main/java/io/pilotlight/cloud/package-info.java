/**
 * Failing over into a public cloud: the errors every cloud feature reports ({@link io.pilotlight.cloud.CloudException},
 * one kind per exit code), and a subpackage per cloud ({@code aws}: an EBS snapshot chain kept current with the
 * EBS direct APIs, and failover into EC2). Reads restore points through {@code repo} only; knows nothing of the
 * command line.
 */
package io.pilotlight.cloud;
