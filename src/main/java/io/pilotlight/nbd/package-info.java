/**
 * An NBD client and an NBD server (read-only, or writable when the export is), written from the protocol (NetworkBlockDevice/nbd
 * doc/proto.md): fixed-newstyle handshake, structured replies, meta contexts, reads and block status.
 * A library of its own, used by sources and targets; depends on nothing else of pilotlight.
 */
package io.pilotlight.nbd;
