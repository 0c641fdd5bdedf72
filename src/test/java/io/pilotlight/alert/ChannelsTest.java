package io.pilotlight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook against a real HTTP server on 127.0.0.1, and the command channel writing a file. */
class ChannelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void aJsonWebhookGetsEveryField() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            new WebhookChannel("hook", SecretSource.plain(receiver.url("/alerts")), WebhookFormat.JSON,
                    Duration.ofSeconds(10)).send(SmtpChannelTest.firing());

            JsonNode body = JSON.readTree(receiver.bodies().get(0));
            assertThat(body.get("state").asText()).isEqualTo("firing");
            assertThat(body.get("rule").asText()).isEqualTo("rpo-exceeded");
            assertThat(body.get("subject").asText()).isEqualTo("vm1-sda");
            assertThat(body.get("severity").asText()).isEqualTo("warning");
            assertThat(body.get("since").asText()).isEqualTo("2026-03-02T06:45:00Z");
            assertThat(body.get("duration_seconds").asLong()).isEqualTo(60);
            assertThat(body.get("action").asText()).isEqualTo("check the last runs of job vm1-sda");
            assertThat(body.get("host").asText()).isEqualTo("dr-host");
        }
    }

    @Test
    void aSlackWebhookGetsOneTextField() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            new WebhookChannel("slack", SecretSource.plain(receiver.url("/services/T000/B000/XXXX")),
                    WebhookFormat.SLACK, Duration.ofSeconds(10)).send(SmtpChannelTest.firing());

            JsonNode body = JSON.readTree(receiver.bodies().get(0));
            assertThat(body.fieldNames()).toIterable().containsExactly("text");
            assertThat(body.get("text").asText()).startsWith(":warning: *[pilotlight] FIRING warning rpo-exceeded"
                    + " vm1-sda: ").contains("What to do: check the last runs of job vm1-sda");
        }
    }

    @Test
    void aRefusedWebhookNamesTheStatusButNotTheTokenInItsUrl() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failNext(1);
            SecretSource url = new SecretSource() {
                @Override
                public String reveal() {
                    return receiver.url("/hooks/token-abc123");
                }

                @Override
                public String reference() {
                    return "{env: HOOK_URL}";
                }
            };
            assertThatThrownBy(() -> new WebhookChannel("hook", url, WebhookFormat.JSON, Duration.ofSeconds(10))
                    .send(SmtpChannelTest.firing())).isInstanceOf(IOException.class)
                    .hasMessage("webhook hook (" + receiver.url("") + ", URL from {env: HOOK_URL}): HTTP 500:"
                            + " down for maintenance")
                    .hasMessageNotContaining("token-abc123");
        }
    }

    @Test
    void aCommandGetsTheMessageOnStdinAndInItsEnvironment() throws Exception {
        Path out = directory.resolve("alert.txt");
        new CommandChannel("pager", List.of("sh", "-c", "cat > '" + out + "'; echo \"$PILOTLIGHT_ALERT_STATE"
                + " $PILOTLIGHT_ALERT_RULE $PILOTLIGHT_ALERT_SUBJECT\" >> '" + out + "'"), Duration.ofSeconds(30))
                .send(SmtpChannelTest.firing());

        String written = Files.readString(out);
        assertThat(written).contains("\"rule\" : \"rpo-exceeded\"").endsWith("firing rpo-exceeded vm1-sda\n");
    }

    @Test
    void aFailingCommandIsAFailureWithItsStderr() {
        assertThatThrownBy(() -> new CommandChannel("pager", List.of("sh", "-c", "echo pager unreachable >&2; exit 3"),
                Duration.ofSeconds(30)).send(SmtpChannelTest.firing())).isInstanceOf(IOException.class)
                .hasMessageContaining("alert command pager").hasMessageContaining("exit code 3")
                .hasMessageContaining("pager unreachable");
    }
}
