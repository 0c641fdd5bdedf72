package io.pilotlight.store;

/** What an {@link S3ObjectStore} was doing, for messages: its verb and the IAM action it needs. */
enum S3Operation {
    GET("read", "s3:GetObject"),
    STAT("stat", "s3:GetObject"),
    PUT("write", "s3:PutObject"),
    MULTIPART_UPLOAD("upload in parts", "s3:PutObject"),
    ABORT_MULTIPART_UPLOAD("abort the multipart upload of", "s3:AbortMultipartUpload"),
    LIST("list", "s3:ListBucket"),
    DELETE("delete", "s3:DeleteObject"),
    GET_RETENTION("read the retention of", "s3:GetObject and s3:GetObjectRetention"),
    PUT_RETENTION("extend the retention of", "s3:PutObjectRetention"),
    LIST_VERSIONS("list the versions and delete markers of", "s3:ListBucketVersions"),
    DELETE_VERSION("remove the delete marker of", "s3:DeleteObjectVersion");

    private final String verb;
    private final String iamAction;

    S3Operation(String verb, String iamAction) {
        this.verb = verb;
        this.iamAction = iamAction;
    }

    String verb() {
        return verb;
    }

    String iamAction() {
        return iamAction;
    }
}
