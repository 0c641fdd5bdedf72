package io.pilotlight.repo.seal.aws;

import io.pilotlight.repo.seal.KmsException;
import io.pilotlight.repo.seal.KmsException.Kind;
import io.pilotlight.repo.seal.WrongKeyException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS KMS's answers as what the operator must fix (design §20.2): each message names the action and
 * KMS's reason; the caller prefixes the key.
 */
final class KmsErrors {
    private static final Set<String> UNUSABLE = Set.of("DisabledException", "KMSInvalidStateException",
            "NotFoundException", "KeyUnavailableException");
    private static final Set<String> REFUSED = Set.of("InvalidCiphertextException", "IncorrectKeyException");
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied");
    private static final Set<String> CREDENTIALS = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature",
            "MissingAuthenticationToken");

    private KmsErrors() {}

    static IOException translate(SdkException e, String action, String endpoint) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(part(service, "Code"));
            String said = said(service);
            if (UNUSABLE.contains(code)) {
                return new KmsException(Kind.UNUSABLE, "AWS KMS cannot use it (" + said + ")", e);
            }
            if (REFUSED.contains(code)) {
                return new WrongKeyException("AWS KMS refused its wrapped key under this repository's encryption"
                        + " context (" + code + ")");
            }
            if (DENIED.contains(code) || service.statusCode() == 403 && !CREDENTIALS.contains(code)) {
                return new KmsException(Kind.ACCESS_DENIED, "access denied: the credentials may not " + action
                        + " with it (" + said + ")", e);
            }
            if (CREDENTIALS.contains(code) || service.statusCode() == 401) {
                return new KmsException(Kind.BAD_CREDENTIALS, "AWS KMS rejected the credentials for " + action
                        + " (" + said + ")", e);
            }
            return new KmsException(Kind.FAILED, "AWS KMS failed " + action + " (" + said + ", HTTP "
                    + service.statusCode() + ")", e);
        }
        if (unreachable(e)) {
            return new KmsException(Kind.UNREACHABLE, "cannot reach " + endpoint + " for " + action + " ("
                    + e.getMessage() + ")", e);
        }
        if (String.valueOf(e.getMessage()).contains("credentials")) {
            return new KmsException(Kind.BAD_CREDENTIALS, "no AWS credentials for " + action + ": set"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or run with an instance role", e);
        }
        return new KmsException(Kind.FAILED, "AWS KMS " + action + " failed: " + e.getMessage(), e);
    }

    /** {@code Code: message} as KMS answered, or the HTTP status when it gave neither. */
    private static String said(AwsServiceException e) {
        String code = part(e, "Code");
        String message = part(e, "Message");
        if (code == null && message == null) {
            return "HTTP " + e.statusCode();
        }
        return code == null ? message : message == null ? code : code + ": " + message;
    }

    /**
     * The error's code or message as the SDK parsed it from KMS's JSON, else from an XML error body
     * ({@code <Code>…</Code>}), which a proxy or a test server in front of KMS may answer instead.
     */
    private static String part(AwsServiceException e, String element) {
        String parsed = element.equals("Code") ? e.awsErrorDetails().errorCode() : e.awsErrorDetails().errorMessage();
        if (parsed != null || e.awsErrorDetails().rawResponse() == null) {
            return parsed;
        }
        Matcher xml = Pattern.compile("<" + element + ">([^<]{1,500})</" + element + ">")
                .matcher(e.awsErrorDetails().rawResponse().asUtf8String());
        return xml.find() ? xml.group(1) : null;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
