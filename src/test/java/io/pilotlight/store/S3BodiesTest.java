package io.pilotlight.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

class S3BodiesTest {
    private static ResponseBytes<GetObjectResponse> read(Long contentLength, byte[] body) throws Exception {
        GetObjectResponse response = GetObjectResponse.builder().contentLength(contentLength).build();
        return S3Bodies.exact().transform(response, AbortableInputStream.create(new ByteArrayInputStream(body)));
    }

    @Test
    void aBodyIsReadIntoAnArrayOfItsContentLength() throws Exception {
        byte[] body = new byte[100_003];
        new java.util.Random(1).nextBytes(body);

        byte[] read = read(100_003L, body).asByteArrayUnsafe();

        assertThat(read).hasSize(100_003).isEqualTo(body);
    }

    @Test
    void aBodyShorterThanItsContentLengthFails() {
        assertThatThrownBy(() -> read(10L, new byte[7]))
                .isInstanceOf(IOException.class)
                .hasMessage("the body ended after 7 of its 10 bytes (Content-Length)");
    }

    @Test
    void aBodyLongerThanItsContentLengthFails() {
        assertThatThrownBy(() -> read(10L, new byte[11]))
                .isInstanceOf(IOException.class)
                .hasMessage("the body is longer than its 10 bytes (Content-Length)");
    }

    @Test
    void withoutAContentLengthTheWholeBodyIsRead() throws Exception {
        assertThat(read(null, new byte[] {1, 2, 3}).asByteArrayUnsafe()).containsExactly(1, 2, 3);
        assertThat(read(0L, new byte[0]).asByteArrayUnsafe()).isEmpty();
    }
}
