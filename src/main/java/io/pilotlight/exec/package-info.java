/**
 * The one way pilotlight runs external programs ({@code qemu-img}, {@code qemu-nbd}, a vSphere export
 * helper): a {@link io.pilotlight.exec.Command} run to completion with a timeout, or started as a
 * long-lived {@link io.pilotlight.exec.ChildProcess} that is stopped on close (SIGTERM, then SIGKILL).
 * An interrupt kills the child. A program that cannot be started is a {@link
 * io.pilotlight.exec.ToolMissingException}; one that ran and failed a {@link
 * io.pilotlight.exec.ToolFailedException} with the tail of its stderr. The only user of {@link
 * java.lang.ProcessBuilder} in pilotlight. A library of its own: depends on nothing else of pilotlight.
 */
package io.pilotlight.exec;
