/**
 * Object stores: bytes by key, nothing more. Knows nothing of the repository format; only
 * {@code io.pilotlight.repo} uses it. Implementations: a local directory and memory (for tests);
 * S3 comes next. Cross-cutting behaviour (retry, limits, metering) goes in decorators.
 */
package io.pilotlight.store;
