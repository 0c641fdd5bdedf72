package io.pilotlight.testing.ebs;

/**
 * An error the fake answers with: the HTTP status, the error type (EBS: {@code x-amzn-ErrorType};
 * EC2: the {@code <Code>} of the XML error), the reason (EBS only, may be null) and the message.
 */
public final class AwsError extends RuntimeException {
    public final int status;
    public final String type;
    public final String reason;

    public AwsError(int status, String type, String reason, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.reason = reason;
    }

    static AwsError validation(String reason, String message) {
        return new AwsError(400, "ValidationException", reason, message);
    }

    static AwsError snapshotNotFound(String id) {
        return new AwsError(404, "ResourceNotFoundException", "SNAPSHOT_NOT_FOUND", "The snapshot '" + id
                + "' does not exist.");
    }

    /** EBS throttling, as the SDK models it (400, {@code RequestThrottledException}). */
    public static AwsError ebsThrottled() {
        return new AwsError(400, "RequestThrottledException", "RESOURCE_LEVEL_THROTTLE", "Rate exceeded");
    }

    /** EC2 throttling ({@code RequestLimitExceeded}, 503). */
    public static AwsError ec2Throttled() {
        return new AwsError(503, "RequestLimitExceeded", null, "Request limit exceeded.");
    }

    static AwsError ec2(String code, String message) {
        return new AwsError(400, code, null, message);
    }
}
