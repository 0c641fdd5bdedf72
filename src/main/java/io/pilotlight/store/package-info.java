/**
 * Object stores: bytes by key, nothing more. Knows nothing of the repository format; only
 * {@code io.pilotlight.repo} uses it. Implementations: {@link io.pilotlight.store.DirectoryObjectStore}
 * (a local directory, crash-safe by temp file, fsync and rename) and
 * {@link io.pilotlight.store.InMemoryObjectStore} (for tests); S3 comes next. Every implementation
 * must pass {@code ObjectStoreContractTest}. Cross-cutting behaviour goes in decorators, one
 * behaviour each, each passing the contract too: {@link io.pilotlight.store.RetryingObjectStore}
 * (the only retry layer), {@link io.pilotlight.store.RateLimitedObjectStore} and
 * {@link io.pilotlight.store.MeteredObjectStore}. Meant to be stacked outermost first as
 * retrying, rate-limited, metered, then the real store: every attempt is paid for and counted.
 */
package io.pilotlight.store;
