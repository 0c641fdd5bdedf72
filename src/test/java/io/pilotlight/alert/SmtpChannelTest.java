package io.pilotlight.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpChannelTest {
    private MailServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MailServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static AlertMessage firing() {
        Condition condition = new Condition(Rule.RPO_EXCEEDED, "vm1-sda", "disk vm1-sda: RPO exceeded: its newest"
                + " committed point (2026-03-02T05:45:00Z) is 1h 1m old, 1.0 times its RPO target of 1h",
                Instant.parse("2026-03-02T06:45:00Z"), "check the last runs of job vm1-sda");
        return AlertMessage.of(AlertMessage.State.FIRING, condition, condition.since(),
                Instant.parse("2026-03-02T06:46:00Z"), "dr-host");
    }

    @Test
    void sendsAnAlertOverTlsWithALoginAsTextAndHtml() throws Exception {
        new SmtpChannel("ops-mail", server.tls(MailServer.PASSWORD)).send(firing());

        List<MimeMessage> received = server.received();
        assertThat(received).hasSize(1);
        MimeMessage mail = received.get(0);
        assertThat(mail.getSubject()).isEqualTo("[pilotlight] FIRING warning rpo-exceeded vm1-sda: disk vm1-sda: RPO"
                + " exceeded: its newest committed point (2026-03-02T05:45:00Z) is 1h 1m old, 1.0 times its RPO target"
                + " of 1h");
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("oncall@example.org");
        assertThat(part(mail, "text/plain")).contains("What is wrong: disk vm1-sda: RPO exceeded")
                .contains("Since: 2026-03-02T06:45:00Z (1m ago)").contains("What to do: check the last runs of job vm1-sda");
        assertThat(part(mail, "text/html")).contains("<th style=\"text-align:left;vertical-align:top\">What to do</th>");
    }

    @Test
    void theReusableSenderAttachesAFile() throws Exception {
        byte[] report = "<html>weekly report</html>".getBytes(StandardCharsets.UTF_8);
        new SmtpChannel("ops-mail", server.tls(MailServer.PASSWORD)).send("pilotlight weekly report",
                "<p>attached</p>", "attached", Optional.of(new MailAttachment("report.html", "text/html", report)));

        MimeMessage mail = server.received().get(0);
        List<Part> parts = new ArrayList<>();
        collect(mail, parts);
        assertThat(parts).anySatisfy(part -> {
            assertThat(part.getFileName()).isEqualTo("report.html");
            assertThat(part.getInputStream().readAllBytes()).isEqualTo(report);
        });
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        assertThatThrownBy(() -> new SmtpChannel("ops-mail", server.tls("wrong-password")).send(firing()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("e-mail ops-mail (127.0.0.1:" + server.smtpsPort() + ", tls): ")
                .hasMessageNotContaining("wrong-password");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void aServerCertificateNotTrustedIsRefused() {
        SmtpSettings tls = server.tls(MailServer.PASSWORD);
        SmtpSettings jdkTrust = new SmtpSettings(tls.host(), tls.port(), tls.security(), tls.username(), tls.password(),
                tls.from(), tls.to(), Optional.empty(), tls.timeout());
        assertThatThrownBy(() -> new SmtpChannel("ops-mail", jdkTrust).send(firing())).isInstanceOf(IOException.class)
                .hasMessageContaining("PKIX");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void starttlsIsRequiredNotDowngraded() {
        // GreenMail's plain SMTP offers no STARTTLS: a channel set to starttls must refuse to send in the clear.
        SmtpSettings starttls = new SmtpSettings("127.0.0.1", server.smtpPort(), SmtpSettings.Security.STARTTLS,
                Optional.of(MailServer.USER), Optional.of(MailServer.secret(MailServer.PASSWORD)), "pilotlight@example.org",
                List.of("oncall@example.org"), Optional.of(server.caFile()), Duration.ofSeconds(20));
        assertThatThrownBy(() -> new SmtpChannel("ops-mail", starttls).send(firing())).isInstanceOf(IOException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(server.received()).isEmpty();
    }

    static String part(Part part, String type) throws Exception {
        List<Part> parts = new ArrayList<>();
        collect(part, parts);
        for (Part found : parts) {
            if (found.isMimeType(type)) {
                return (String) found.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static void collect(Part part, List<Part> parts) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, parts);
            }
        } else {
            parts.add(part);
        }
    }
}
