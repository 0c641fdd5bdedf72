/**
 * AWS KMS as the {@link io.pilotlight.repo.seal.Kms} of {@code aws-kms} key files (docs/design.md
 * §20.2, docs/security.md): Encrypt and Decrypt through the AWS SDK, in the region of the key's ARN,
 * with the SDK's failures turned into {@link io.pilotlight.repo.seal.KmsException} kinds. Uses only
 * {@code io.pilotlight.repo.seal}.
 */
package io.pilotlight.repo.seal.aws;
