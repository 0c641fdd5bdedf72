/**
 * Object stores: bytes by key, nothing more. Knows nothing of the repository format; only
 * {@code io.pilotlight.repo} uses it. Implementations: {@link io.pilotlight.store.DirectoryObjectStore}
 * (a local directory, crash-safe by temp file, fsync and rename) and
 * {@link io.pilotlight.store.InMemoryObjectStore} (for tests); S3 comes next. Every implementation
 * must pass {@code ObjectStoreContractTest}. Cross-cutting behaviour (retry, limits, metering) goes
 * in decorators.
 */
package io.pilotlight.store;
