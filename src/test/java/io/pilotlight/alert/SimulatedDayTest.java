package io.pilotlight.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pilotlight.schedule.ByteCounts;
import io.pilotlight.schedule.FollowerPosition;
import io.pilotlight.schedule.JobOutcome;
import io.pilotlight.schedule.Notable;
import io.pilotlight.schedule.SchedulerEvent;
import io.pilotlight.testing.MutableClock;
import io.pilotlight.testing.Slow;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A day on a fake clock, minute by minute: disk vm1-sda replicated every 15 minutes into repository
 * main, RPO 1h; its follower vm1-dr five minutes after each run, target lag 2h; a verify job. From
 * 06:00 to 12:00 the source and the repository are out (every run fails, the probe cannot read the
 * repository); the 12:00 run reads the whole disk (CBT fallback); the verify at 03:00 finds faults,
 * the one at 15:00 none; the recovery site runs short of space from 14:00 to 15:00. Reminders every
 * 2h. Every message goes to a real webhook server and a real SMTP server: exactly one FIRING and one
 * RESOLVED per rule and subject, the reminders in between, at the minutes worked out by hand.
 * Slow: 34 mails over TLS (about 15 s under load); the fast lane has the engine in DeliveryTest.
 */
@Slow
class SimulatedDayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");

    @Test
    void anOutageYieldsOneAlertAndOneResolvedPerRuleAndSubjectPlusReminders() throws Exception {
        MutableClock clock = new MutableClock(MIDNIGHT);
        try (WebhookReceiver receiver = new WebhookReceiver(); MailServer mail = new MailServer()) {
            AlertEngine engine = engine(clock, List.of(new WebhookChannel("hook", SecretSource.plain(
                    receiver.url("/alerts")), WebhookFormat.JSON, Duration.ofSeconds(10)), new SmtpChannel("mail",
                    mail.tls(MailServer.PASSWORD))));
            runDay(engine, clock);

            Map<String, List<String>> seen = new LinkedHashMap<>();
            for (String body : receiver.bodies()) {
                JsonNode message = JSON.readTree(body);
                seen.computeIfAbsent(message.get("rule").asText() + "/" + message.get("subject").asText(),
                        key -> new ArrayList<>()).add(message.get("state").asText() + " " + message.get("at").asText()
                        .substring(11, 16) + " since " + message.get("since").asText().substring(11, 16));
            }
            assertThat(seen).containsExactlyInAnyOrderEntriesOf(expected());
            assertThat(engine.firing()).isEmpty();
            List<MimeMessage> mails = mail.received();
            assertThat(mails).hasSize(receiver.bodies().size()).hasSize(34);
            assertThat(mails.stream().map(SimulatedDayTest::subject).filter(s -> s.startsWith("[pilotlight] RESOLVED")))
                    .hasSize(9);
            samples(receiver.bodies(), mails);
            assertThat(engine.channels().values()).allSatisfy(status -> {
                assertThat(status.delivered()).isEqualTo(34);
                assertThat(status.failedAttempts()).isZero();
            });
        }
    }

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("verify-faults/verify-main", List.of("firing 03:00 since 03:00", "reminder 05:00 since 03:00",
                "reminder 07:00 since 03:00", "reminder 09:00 since 03:00", "reminder 11:00 since 03:00",
                "reminder 13:00 since 03:00", "resolved 15:00 since 03:00"));
        expected.put("repository-unreachable/main", List.of("firing 06:00 since 06:00", "reminder 08:00 since 06:00",
                "reminder 10:00 since 06:00", "resolved 12:00 since 06:00"));
        expected.put("consecutive-failures/vm1-sda", List.of("firing 06:30 since 06:00", "reminder 08:30 since 06:00",
                "reminder 10:30 since 06:00", "resolved 12:00 since 06:00"));
        expected.put("rpo-exceeded/vm1-sda", List.of("firing 06:46 since 06:45", "reminder 08:46 since 06:45",
                "reminder 10:46 since 06:45", "resolved 12:00 since 06:45"));
        expected.put("rpo-severely-exceeded/vm1-sda", List.of("firing 07:46 since 07:45",
                "reminder 09:46 since 07:45", "reminder 11:46 since 07:45", "resolved 12:00 since 07:45"));
        expected.put("follower-lag/vm1-dr", List.of("firing 07:46 since 07:45", "reminder 09:46 since 07:45",
                "reminder 11:46 since 07:45", "resolved 12:05 since 07:45"));
        expected.put("rpo-critically-exceeded/vm1-sda", List.of("firing 09:46 since 09:45",
                "reminder 11:46 since 09:45", "resolved 12:00 since 09:45"));
        expected.put("cbt-fallback/vm1-sda", List.of("firing 12:00 since 12:00", "resolved 12:15 since 12:00"));
        expected.put("recovery-disk-space/vm1-dr", List.of("firing 14:00 since 14:00", "resolved 15:00 since 14:00"));
        return expected;
    }

    static AlertEngine engine(MutableClock clock, List<AlertChannel> channels) {
        AlertRules rules = new AlertRules(EnumSet.allOf(Rule.class), 3, MinimumFree.parse("10%"), Optional.empty(),
                Map.of("vm1-dr", new AlertRules.Follower(Path.of("/srv/dr/vm1-sda.img"), Optional.of(Duration.ofHours(2)))));
        AlertEngine engine = new AlertEngine(clock, "dr-host", new Delivery(name -> Runnable::run, duration -> { },
                clock, AlertListener.NONE), AlertListener.NONE);
        engine.configure(new AlertPlan(rules, channels, Optional.of(Duration.ofHours(2)), new RateLimit(100,
                Duration.ofHours(1)), RetryPolicy.DEFAULT, Duration.ofMinutes(1)), Map.of("vm1-sda", "replicate",
                "vm1-dr", "follow", "verify-main", "verify"));
        return engine;
    }

    private static void runDay(AlertEngine engine, MutableClock clock) {
        Instant newest = null;
        for (int minute = 0; minute < 24 * 60; minute++) {
            Instant now = clock.instant();
            LocalTime time = LocalTime.ofInstant(now, ZoneOffset.UTC);
            boolean outage = time.getHour() >= 6 && time.getHour() < 12;
            if (minute % 15 == 0) {
                if (outage) {
                    engine.on(new SchedulerEvent.Failed("vm1-sda", "replicate vm1-sda failed: cannot connect to"
                            + " nbd://esx1/vm1-sda: Connection refused", 1, Optional.empty(), now.plusSeconds(900), now));
                } else {
                    newest = now;
                    engine.diskPoint("vm1-sda", now, Optional.of(Duration.ofHours(1)));
                    Notable[] notable = time.equals(LocalTime.NOON) ? new Notable[] {Notable.CBT_FALLBACK} : new Notable[0];
                    engine.on(new SchedulerEvent.Succeeded("vm1-sda", JobOutcome.success(Duration.ofSeconds(40),
                            ByteCounts.NONE, notable), now));
                }
            }
            if (minute % 15 == 5 && newest != null) {
                engine.on(new SchedulerEvent.Succeeded("vm1-dr", JobOutcome.success(Duration.ofSeconds(5),
                        ByteCounts.NONE).withFollower(new FollowerPosition("p", newest, newest)), now));
            }
            if (time.equals(LocalTime.of(3, 0))) {
                engine.on(new SchedulerEvent.Failed("verify-main", "verify verify-main: 3 faults, first: chunk 3f9a..."
                        + " of vm1-sda: checksum mismatch", 1, Optional.empty(), now.plusSeconds(43_200), now));
            } else if (time.equals(LocalTime.of(15, 0))) {
                engine.on(new SchedulerEvent.Succeeded("verify-main", JobOutcome.success(Duration.ofMinutes(3),
                        ByteCounts.NONE), now));
            }
            boolean full = time.getHour() == 14;
            engine.tick(new SiteProbe() {
                @Override
                public Map<String, String> unreachableRepositories() {
                    return outage ? Map.of("main", "directory /srv/pilotlight is not mounted") : Map.of();
                }

                @Override
                public DiskSpace space(Path standby) {
                    return new DiskSpace(standby, full ? 3L << 30 : 400L << 30, 500L << 30);
                }
            });
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /** The first severely-exceeded message as the webhook and the mail received it: docs/operating.md shows these. */
    private static void samples(List<String> bodies, List<MimeMessage> mails) throws Exception {
        Path out = Path.of("target", "alert-samples");
        java.nio.file.Files.createDirectories(out);
        for (int i = 0; i < bodies.size(); i++) {
            if (bodies.get(i).contains("\"rpo-severely-exceeded\"") && bodies.get(i).contains("\"firing\"")) {
                java.nio.file.Files.writeString(out.resolve("webhook.json"), bodies.get(i));
                java.nio.file.Files.writeString(out.resolve("mail.txt"), "Subject: " + subject(mails.get(i)) + "\n\n"
                        + SmtpChannelTest.part(mails.get(i), "text/plain"));
                java.nio.file.Files.writeString(out.resolve("mail.html"), SmtpChannelTest.part(mails.get(i), "text/html"));
                return;
            }
        }
        throw new AssertionError("no rpo-severely-exceeded message");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
