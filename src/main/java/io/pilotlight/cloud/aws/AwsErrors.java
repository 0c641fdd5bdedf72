package io.pilotlight.cloud.aws;

import io.pilotlight.cloud.CloudException;
import io.pilotlight.cloud.CloudException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ebs.model.AccessDeniedException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.ValidationException;

/** What an SDK failure means: its kind, whether to retry it, and a message naming the request and AWS's words. */
final class AwsErrors {
    private static final Set<String> BAD_CREDENTIALS = Set.of("UnrecognizedClientException", "AuthFailure",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "IncompleteSignature",
            "MissingAuthenticationToken");
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDeniedException", "UnauthorizedOperation",
            "AccessDenied");
    private static final Set<String> THROTTLED = Set.of("RequestThrottledException", "RequestLimitExceeded",
            "Throttling", "ThrottlingException", "ConcurrentLimitExceededException");

    private AwsErrors() {}

    static Kind kind(SdkException failure) {
        if (failure instanceof AwsServiceException service) {
            String code = code(service);
            if (BAD_CREDENTIALS.contains(code)) {
                return Kind.BAD_CREDENTIALS;
            }
            if (ACCESS_DENIED.contains(code)) {
                return Kind.ACCESS_DENIED;
            }
            if (THROTTLED.contains(code) || service.isThrottlingException()) {
                return Kind.THROTTLED;
            }
            if (code.endsWith(".NotFound") || failure instanceof ResourceNotFoundException) {
                return Kind.NOT_FOUND;
            }
            return service.statusCode() >= 500 ? Kind.SERVICE : Kind.REFUSED;
        }
        return unreachable(failure) ? Kind.UNREACHABLE : Kind.SERVICE;
    }

    /** Throttling, a 5xx, a timeout or a dropped connection: worth another attempt. */
    static boolean retryable(SdkException failure) {
        Kind kind = kind(failure);
        return kind == Kind.THROTTLED || kind == Kind.SERVICE;
    }

    /** "Snapshot does not exist": what a new snapshot answers for a short while after StartSnapshot. */
    static boolean snapshotNotFound(SdkException failure) {
        return failure instanceof ResourceNotFoundException
                || failure instanceof AwsServiceException service && code(service).equals("InvalidSnapshot.NotFound");
    }

    static CloudException translate(String request, String endpoint, SdkException failure) {
        Kind kind = kind(failure);
        if (failure instanceof AwsServiceException service) {
            String words = service.awsErrorDetails() == null ? service.getMessage()
                    : service.awsErrorDetails().errorMessage();
            return new CloudException(kind, request + ": " + code(service) + reason(service) + " (HTTP "
                    + service.statusCode() + "): " + words + hint(kind), failure);
        }
        if (kind == Kind.UNREACHABLE) {
            return new CloudException(kind, request + ": cannot reach " + endpoint + " (" + rootMessage(failure)
                    + "); check --region, --aws-endpoint and the network", failure);
        }
        return new CloudException(kind, request + ": " + rootMessage(failure), failure);
    }

    private static String hint(Kind kind) {
        return switch (kind) {
            case BAD_CREDENTIALS -> "; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE";
            case ACCESS_DENIED -> "; the IAM policy in docs/failover.md lists the actions sync and failover need";
            default -> "";
        };
    }

    private static String code(AwsServiceException service) {
        return service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
                ? service.getClass().getSimpleName() : service.awsErrorDetails().errorCode();
    }

    private static String reason(AwsServiceException service) {
        if (service instanceof ValidationException validation && validation.reasonAsString() != null) {
            return " " + validation.reasonAsString();
        }
        if (service instanceof ResourceNotFoundException missing && missing.reasonAsString() != null) {
            return " " + missing.reasonAsString();
        }
        if (service instanceof AccessDeniedException denied && denied.reasonAsString() != null) {
            return " " + denied.reasonAsString();
        }
        return "";
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof ConnectException || link instanceof UnknownHostException
                    || link instanceof NoRouteToHostException) {
                return true;
            }
            if (link.getCause() == link) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
