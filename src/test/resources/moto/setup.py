"""Prepares a moto S3 server for pilotlight's Object Lock and read-only tests (testing/MotoS3).

Creates buckets (argv[2:], a name ending in "-locked" with Object Lock enabled) and IAM users: a
writer with docs/s3.md's writer policy, a reader with its read-only recovery policy (each with
docs/security.md's AWS KMS actions) and an admin allowed every S3 and KMS action, then prints their access keys as JSON. Run before moto enforces IAM (its /moto-api/reset-auth).
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="setup", aws_secret_access_key="setup", region_name="us-east-1")
s3 = session.client("s3", endpoint_url=endpoint)
iam = session.client("iam", endpoint_url=endpoint)
for bucket in sys.argv[2:]:
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=bucket.endswith("-locked"))

WRITER = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectRetention",
          "s3:PutObjectRetention", "s3:AbortMultipartUpload", "s3:GetBucketObjectLockConfiguration"]
READER = ["s3:GetObject", "s3:ListBucket", "s3:GetObjectRetention"]
# docs/security.md's AWS KMS permissions: a writer wraps (init, key add) and opens; a reader only opens.
WRITER += ["kms:Encrypt", "kms:Decrypt"]
READER += ["kms:Decrypt"]
keys = {}
# "admin" may do anything IAM allows: the tests use it to show that Object Lock, not IAM, keeps a version.
for user, actions in (("writer", WRITER), ("reader", READER), ("admin", ["s3:*", "kms:*"])):
    iam.create_user(UserName=user)
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    iam.put_user_policy(UserName=user, PolicyName=user, PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    keys[user] = {"accessKey": key["AccessKeyId"], "secretKey": key["SecretAccessKey"]}
print(json.dumps(keys))
