/**
 * Checking a repository: every point's objects exist, and with {@code --read-data} every chunk's hash
 * is right. Reads through {@code io.pilotlight.repo}; writes nothing.
 */
package io.pilotlight.repo.check;
