/**
 * Restore: writes a restore point (or every member of a group point) to a sparse file or a block
 * device, checking each grain against the point while writing and proving the image by its digest.
 */
package io.pilotlight.recovery.restore;
