"""moto's S3 server for pilotlight's tests (testing/MotoS3), with its signature check turned off.

moto 5 computes the canonical query string of a signed request differently from the AWS SDK when a
parameter holds a '/' (ListObjectsV2 with prefix=data/ fails with SignatureDoesNotMatch), so the check
is replaced by a no-op. Everything else stays: the access key names the IAM identity, an unknown key
is refused (InvalidAccessKeyId), and every action is checked against that identity's policies.

moto 5.2.1's KMS Encrypt and Decrypt also work with a key that is disabled or pending deletion; AWS KMS
refuses both (DisabledException, KMSInvalidStateException: "The request failed because the key state is
not valid for this operation"), so the key's state is checked here as AWS does, after moto's own checks.
"""
import sys

from moto.core.exceptions import JsonRESTError
from moto.iam.access_control import IAMRequestBase
from moto.kms.models import KmsBackend

IAMRequestBase.check_signature = lambda self: None


def _require_enabled(backend, key_id):
    key = backend.keys[backend.any_id_to_key_id(key_id)]
    if key.key_state == "Disabled":
        raise JsonRESTError("DisabledException", f"{key.arn} is disabled.")
    if key.key_state != "Enabled":
        state = "pending deletion" if key.key_state == "PendingDeletion" else key.key_state
        raise JsonRESTError("KMSInvalidStateException", f"{key.arn} is {state}.")


_encrypt, _decrypt = KmsBackend.encrypt, KmsBackend.decrypt


def _checked_encrypt(self, key_id, plaintext, encryption_context):
    _require_enabled(self, key_id)
    return _encrypt(self, key_id, plaintext, encryption_context)


def _checked_decrypt(self, ciphertext_blob, encryption_context, key_id=None):
    plaintext, arn = _decrypt(self, ciphertext_blob, encryption_context, key_id)
    _require_enabled(self, arn)
    return plaintext, arn


KmsBackend.encrypt, KmsBackend.decrypt = _checked_encrypt, _checked_decrypt

from moto.server import main  # noqa: E402

main(sys.argv[1:])
