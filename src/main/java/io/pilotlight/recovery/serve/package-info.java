/**
 * Serve: exports a restore point over NBD straight from the repository (instant recovery), read-only
 * or writable through a copy-on-write overlay file whose map is made durable at each flush.
 * {@link io.pilotlight.recovery.serve.PointServer} owns a serve's life: start, wait, and a stop (also
 * at JVM shutdown) that makes the overlay durable.
 */
package io.pilotlight.recovery.serve;
