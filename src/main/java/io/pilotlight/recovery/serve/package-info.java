/**
 * Serve: exports a restore point over NBD straight from the repository (instant recovery), read-only
 * or writable through a copy-on-write overlay file whose map is made durable at each flush.
 */
package io.pilotlight.recovery.serve;
