/**
 * Object stores: bytes by key, nothing more. Knows nothing of the repository format; only
 * {@code io.pilotlight.repo} (and {@code cli}, which builds the store it hands to the repository)
 * uses it. Implementations: {@link io.pilotlight.store.DirectoryObjectStore} (a local directory,
 * crash-safe by temp file, fsync and rename), {@link io.pilotlight.store.S3ObjectStore} (AWS S3 and
 * S3-compatible services, at {@link io.pilotlight.store.S3Location}) and
 * {@link io.pilotlight.store.InMemoryObjectStore} (for tests). Every implementation must pass
 * {@code ObjectStoreContractTest}.
 *
 * <p>Stores do not retry: they report failures as {@link io.pilotlight.store.TransientStoreException}
 * (may succeed if retried), {@link io.pilotlight.store.StoreException} (fix the configuration) or
 * other {@link java.io.IOException}s (permanent). Cross-cutting behaviour goes in decorators, one
 * behaviour each, each passing the contract too: {@link io.pilotlight.store.RetryingObjectStore}
 * (the only retry layer), {@link io.pilotlight.store.RateLimitedObjectStore} and
 * {@link io.pilotlight.store.MeteredObjectStore}, stacked outermost first as retrying, rate-limited,
 * metered, then the real store: every attempt is paid for and counted.
 */
package io.pilotlight.store;
