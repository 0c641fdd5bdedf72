/**
 * The replicate pipeline: changed extents from a source, grains hashed and compared with the parent
 * point, chunks compressed in parallel, packed, stored, indexed, and a restore point committed.
 * Emits progress events; never prints.
 */
package io.pilotlight.replicate;
