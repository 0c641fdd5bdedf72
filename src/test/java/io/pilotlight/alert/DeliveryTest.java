package io.pilotlight.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.metrics.DaemonMetrics;
import io.pilotlight.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry with backoff of a failing channel, its failure in the metrics, and the rate limit. */
class DeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final List<Duration> sleeps = new ArrayList<>();
    private final DaemonMetrics metrics = new DaemonMetrics(clock);
    private final AlertListener meters = new AlertListener() {
        @Override
        public void delivered(String channel, AlertMessage message) {
            metrics.alertDelivered(channel);
        }

        @Override
        public void attemptFailed(String channel, AlertMessage message, int attempt, boolean retrying, String reason) {
            metrics.alertChannelFailed(channel);
        }

        @Override
        public void suppressed(AlertMessage message) {
            metrics.alertSuppressed();
        }
    };

    private AlertEngine engine(WebhookReceiver receiver, RateLimit limit, RetryPolicy retry) {
        AlertEngine engine = new AlertEngine(clock, "dr-host", new Delivery(name -> Runnable::run, sleeps::add, clock,
                meters), meters);
        AlertRules rules = new AlertRules(EnumSet.of(Rule.RPO_EXCEEDED), 3, MinimumFree.DEFAULT, Optional.empty(),
                Map.of());
        engine.configure(new AlertPlan(rules, List.of(new WebhookChannel("hook", SecretSource.plain(
                receiver.url("/")), WebhookFormat.JSON, Duration.ofSeconds(10))), Optional.empty(), limit, retry,
                Duration.ofMinutes(1)), Map.of());
        metrics.alertsFiring(() -> engine.firing().size());
        return engine;
    }

    private void late(AlertEngine engine, String... disks) {
        for (String disk : disks) {
            engine.diskPoint(disk, clock.instant().minus(Duration.ofHours(2)), Optional.of(Duration.ofHours(1)));
        }
        engine.tick(Map::of);
    }

    @Test
    void aFailingChannelIsRetriedWithBackoffAndCountedInMetrics() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AlertEngine engine = engine(receiver, RateLimit.DEFAULT, new RetryPolicy(4, Duration.ofSeconds(30),
                    Duration.ofMinutes(10)));
            receiver.failNext(2);
            late(engine, "vm1-sda");

            assertThat(receiver.bodies()).hasSize(1);
            assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
            ChannelStatus status = engine.channels().get("hook");
            assertThat(status.delivered()).isEqualTo(1);
            assertThat(status.failedAttempts()).isEqualTo(2);
            assertThat(status.failing()).isFalse();
            assertThat(metrics.scrape()).contains("pilotlight_alert_channel_failures_total{channel=\"hook\"} 2.0")
                    .contains("pilotlight_alert_messages_total{channel=\"hook\"} 1.0")
                    .contains("pilotlight_alerts_firing 1.0");
        }
    }

    @Test
    void aChannelThatStaysDownGivesUpAndShowsFailing() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AlertEngine engine = engine(receiver, RateLimit.DEFAULT, new RetryPolicy(3, Duration.ofSeconds(30),
                    Duration.ofSeconds(45)));
            receiver.failNext(100);
            late(engine, "vm1-sda");

            assertThat(sleeps).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(45));
            ChannelStatus status = engine.channels().get("hook");
            assertThat(status.failing()).isTrue();
            assertThat(status.lastError()).hasValueSatisfying(error -> assertThat(error).contains("HTTP 500"));
            assertThat(status.lastFailure()).contains(START);
            assertThat(metrics.scrape()).contains("pilotlight_alert_channel_failures_total{channel=\"hook\"} 3.0");
        }
    }

    @Test
    void theRateLimitHoldsMessagesBackAndTheNextOneSaysHowMany() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            AlertEngine engine = engine(receiver, new RateLimit(2, Duration.ofHours(1)), RetryPolicy.DEFAULT);
            late(engine, "vm1-sda", "vm2-sda", "vm3-sda");
            assertThat(receiver.bodies()).hasSize(2);
            assertThat(metrics.scrape()).contains("pilotlight_alert_suppressed_total 1.0");
            assertThat(engine.firing()).hasSize(3);

            clock.advance(Duration.ofMinutes(61));
            for (String disk : List.of("vm1-sda", "vm2-sda", "vm3-sda")) {
                engine.diskPoint(disk, clock.instant(), Optional.of(Duration.ofHours(1)));
            }
            engine.tick(Map::of);

            List<String> bodies = receiver.bodies();
            assertThat(bodies).hasSize(4);
            JsonNode first = JSON.readTree(bodies.get(2));
            assertThat(first.get("state").asText()).isEqualTo("resolved");
            assertThat(first.get("suppressed").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(bodies.get(3)).get("suppressed").asInt()).isZero();
            assertThat(metrics.scrape()).contains("pilotlight_alert_suppressed_total 2.0");
            assertThat(engine.firing()).isEmpty();
        }
    }
}
