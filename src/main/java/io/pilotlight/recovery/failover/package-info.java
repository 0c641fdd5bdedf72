/**
 * Failover: starts a protected machine for real on the recovery site, detached from the command
 * that started it. From the follower's standby images through qcow2 overlays (the standby stays a
 * clean copy of its point), or {@code instant} from the repository through detached
 * {@code pilotlight serve --writable} processes, or as a libvirt domain. Its pid files, QMP socket,
 * serial log and overlays live in one state directory described by {@link
 * io.pilotlight.recovery.failover.FailoverState}; {@link io.pilotlight.recovery.failover.Failover#stop}
 * powers it off. May use recovery.drill (the VM's machine arguments, serial console, port probe),
 * recovery.follow (to read a standby's state), repo, qemu, exec and progress; knows nothing of the
 * command line: how to run pilotlight itself (for the detached servers) is given to it.
 */
package io.pilotlight.recovery.failover;
