package io.pilotlight.store;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Refuses an answer whose head was cut off. When a connection closes in the middle of a response's
 * headers, the HTTP client takes what arrived as the whole head: a status line and no headers,
 * then an empty body up to the close. The SDK would hand that on as an empty object, an empty
 * listing or a HEAD without a size. S3 frames every answer with a body by {@code Content-Length}
 * or chunked transfer encoding, so an answer with neither (other than 204 and 304, which have
 * no body) was cut: it fails here with an {@link IOException} cause, which the store reports as
 * transient.
 */
final class S3ResponseFramingCheck implements ExecutionInterceptor {
    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        SdkHttpResponse response = context.httpResponse();
        int status = response.statusCode();
        if (status == 204 || status == 304 || status < 200) {
            return;
        }
        boolean framed = response.firstMatchingHeader("Content-Length").isPresent()
                || response.firstMatchingHeader("Transfer-Encoding").filter(v -> v.toLowerCase().contains("chunked"))
                        .isPresent();
        if (!framed) {
            context.responseBody().ifPresent(S3ResponseFramingCheck::closeQuietly); // gives the connection back
            throw SdkClientException.builder()
                    .message("the answer (HTTP " + status + ") ended in its headers")
                    .cause(new IOException("connection closed in the response headers: HTTP " + status
                            + " with neither Content-Length nor chunked encoding"))
                    .build();
        }
    }

    private static void closeQuietly(java.io.InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the answer is refused anyway
        }
    }
}
