package io.pilotlight.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws into what {@link ObjectStore} callers handle: {@link NoSuchObjectException},
 * {@link StoreException} (the store cannot be used as configured: fix it, do not retry),
 * {@link TransientStoreException} (may succeed if retried), or a plain {@link IOException}. Messages
 * name the bucket, the endpoint and what to fix; they never carry credentials or request URLs.
 */
final class S3ErrorTranslator {
    private static final Set<String> BAD_CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "InvalidClientTokenId", "AuthorizationHeaderMalformed");
    /** Includes the service's refusals of a body that does not match its signed SHA-256 or its MD5: damaged in transit. */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable", "Throttling", "ThrottlingException", "ConditionalRequestConflict",
            "XAmzContentSHA256Mismatch", "BadDigest");

    private final S3Location location;
    private final String endpoint;

    S3ErrorTranslator(S3Location location, String endpoint) {
        this.location = location;
        this.endpoint = endpoint;
    }

    /**
     * The exception to throw for {@code failure} of {@code operation} on {@code key} (a key relative
     * to the store's prefix, or a list prefix).
     */
    IOException translate(SdkException failure, S3Operation operation, String key) {
        if (failure instanceof AwsServiceException service) {
            return serviceFailure(service, operation, key);
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return transientFailure(operation, key, "timed out", failure);
        }
        if (failure instanceof SdkClientException) {
            Throwable network = networkCause(failure);
            if (unreachable(network)) {
                return new StoreException(StoreException.Kind.UNREACHABLE, "cannot reach S3 endpoint " + endpoint
                        + " for bucket " + location.bucket() + ": " + describe(network)
                        + "; check the endpoint (--s3-endpoint or AWS_ENDPOINT_URL) and the network", failure);
            }
            if (network != null) {
                return transientFailure(operation, key, describe(network), failure);
            }
            if (String.valueOf(failure.getMessage()).startsWith("Unable to load credentials")) {
                return new StoreException(StoreException.Kind.BAD_CREDENTIALS, "no AWS credentials found for bucket "
                        + location.bucket() + " at " + endpoint + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
                        + " or AWS_PROFILE, or run with an instance role", failure);
            }
        }
        return new IOException("S3 " + what(operation, key) + " at " + endpoint + " failed: " + failure.getMessage(),
                failure);
    }

    private IOException serviceFailure(AwsServiceException service, S3Operation operation, String key) {
        int status = service.statusCode();
        String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
        String detail = status + (code == null ? "" : " " + code);
        if ("NoSuchBucket".equals(code)) {
            return new StoreException(StoreException.Kind.NO_SUCH_BUCKET, "bucket " + location.bucket()
                    + " does not exist at endpoint " + endpoint + ": create it or check --repo", service);
        }
        if ("NoSuchKey".equals(code) || (status == 404 && code == null
                && (operation == S3Operation.GET || operation == S3Operation.STAT))) {
            return new NoSuchObjectException(location.toString(), key);
        }
        if (code != null && BAD_CREDENTIAL_CODES.contains(code)) {
            return new StoreException(StoreException.Kind.BAD_CREDENTIALS, "S3 endpoint " + endpoint
                    + " rejected the credentials for bucket " + location.bucket() + " (" + code + "): check"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE", service);
        }
        if (status == 403) {
            String hint = code == null ? " (the answer had no error code: the credentials may also be wrong)" : "";
            return new StoreException(StoreException.Kind.ACCESS_DENIED, "access denied to bucket " + location.bucket()
                    + " at " + endpoint + ": cannot " + what(operation, key) + hint + "; grant "
                    + operation.iamAction() + " on " + resource(operation), service);
        }
        if (status >= 500 || status == 429 || service.isThrottlingException() || (code != null && TRANSIENT_CODES.contains(code))) {
            return transientFailure(operation, key, detail, service);
        }
        String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
        return new IOException("S3 " + what(operation, key) + " at " + endpoint + " failed: " + detail
                + (message == null ? "" : ": " + message), service);
    }

    private TransientStoreException transientFailure(S3Operation operation, String key, String detail,
            Throwable cause) {
        return new TransientStoreException("S3 " + what(operation, key) + " at " + endpoint + " failed: " + detail
                + " (transient: may succeed if retried)", cause);
    }

    private String what(S3Operation operation, String key) {
        String subject = key == null ? ""
                : operation == S3Operation.LIST ? " keys starting with '" + key + "'" : " object " + key;
        return operation.verb() + subject + " in " + location.uri();
    }

    private String resource(S3Operation operation) {
        String arn = "arn:aws:s3:::" + location.bucket();
        return operation == S3Operation.LIST ? arn : arn + "/" + location.prefix() + "*";
    }

    /** The first I/O failure in the cause chain, or null. */
    private static Throwable networkCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** A failure to open a connection at all: the endpoint is wrong or down, not the request. */
    private static boolean unreachable(Throwable network) {
        return network instanceof UnknownHostException || network instanceof ConnectException
                || network instanceof NoRouteToHostException || network instanceof PortUnreachableException
                || network instanceof ConnectTimeoutException;
    }

    private static String describe(Throwable network) {
        if (network instanceof UnknownHostException) {
            return "unknown host " + network.getMessage();
        }
        if (network instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        String message = network.getMessage();
        return network.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
