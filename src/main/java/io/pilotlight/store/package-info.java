/**
 * Object stores: bytes by key, nothing more. Knows nothing of the repository format; only
 * {@code io.pilotlight.repo} uses it. Implementations: {@link io.pilotlight.store.DirectoryObjectStore}
 * (a local directory, crash-safe by temp file, fsync and rename), {@link io.pilotlight.store.S3ObjectStore}
 * (AWS S3 and S3-compatible services, at {@link io.pilotlight.store.S3Location}) and
 * {@link io.pilotlight.store.InMemoryObjectStore} (for tests). Every implementation must pass
 * {@code ObjectStoreContractTest}. Stores do not retry: they report failures as
 * {@link io.pilotlight.store.TransientStoreException} (may succeed if retried),
 * {@link io.pilotlight.store.StoreException} (fix the configuration) or other {@link java.io.IOException}s.
 * Cross-cutting behaviour (retry, limits, metering) goes in decorators.
 */
package io.pilotlight.store;
