/**
 * Encryption at rest (docs/design.md §20): the repository's random master key, the key files that
 * hold it wrapped by passphrase-derived keys (Argon2id) or by an AWS KMS key ({@link
 * io.pilotlight.repo.seal.Kms}, implemented in {@code io.pilotlight.repo.seal.aws}), and the framed
 * AES-256-GCM seal every object but {@code config} and {@code keys/} is stored in. Uses only
 * {@code io.pilotlight.store}; {@code io.pilotlight.repo} puts it between itself and the store.
 */
package io.pilotlight.repo.seal;
