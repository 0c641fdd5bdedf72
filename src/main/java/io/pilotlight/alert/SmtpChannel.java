package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail, Angus): each alert as a text and HTML alternative. {@link
 * #send(String, String, String, Optional)} is the reusable part: any subject, bodies and one optional
 * attachment (reports are mailed through it). STARTTLS is required when configured, and the server's
 * name is checked against its certificate.
 */
public final class SmtpChannel implements AlertChannel {
    private final String name;
    private final SmtpSettings settings;

    public SmtpChannel(String name, SmtpSettings settings) {
        this.name = requireNonNull(name, "name is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertMessage message) throws IOException {
        send(message.headline(), message.html(), message.text(), Optional.empty());
    }

    /** Sends one mail to every recipient: {@code html} and {@code text} as alternatives, and the attachment. */
    public void send(String subject, String html, String text, Optional<MailAttachment> attachment)
            throws IOException {
        try {
            Session session = Session.getInstance(properties());
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(settings.from(), true));
            for (String recipient : settings.to()) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
            }
            mail.setSubject(subject, StandardCharsets.UTF_8.name());
            mail.setSentDate(new Date());
            mail.setContent(body(html, text, attachment));
            mail.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
                        settings.password().isPresent() ? settings.password().get().reveal() : null);
                transport.sendMessage(mail, mail.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw new IOException("e-mail " + name + " (" + settings.host() + ":" + settings.port() + ", "
                    + settings.security().key() + "): " + reason(e), e);
        }
    }

    private Multipart body(String html, String text, Optional<MailAttachment> attachment) throws MessagingException {
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=utf-8");
        alternatives.addBodyPart(plain);
        alternatives.addBodyPart(rich);
        if (attachment.isEmpty()) {
            return alternatives;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart wrapper = new MimeBodyPart();
        wrapper.setContent(alternatives);
        mixed.addBodyPart(wrapper);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(attachment.get().bytes(),
                attachment.get().contentType())));
        file.setFileName(attachment.get().fileName());
        mixed.addBodyPart(file);
        return mixed;
    }

    private Properties properties() throws IOException {
        Properties properties = new Properties();
        String millis = Long.toString(settings.timeout().toMillis());
        properties.put("mail.smtp.connectiontimeout", millis);
        properties.put("mail.smtp.timeout", millis);
        properties.put("mail.smtp.writetimeout", millis);
        properties.put("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        switch (settings.security()) {
            case STARTTLS -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> properties.put("mail.smtp.ssl.enable", "true");
            case NONE -> { }
        }
        if (settings.security() != SmtpSettings.Security.NONE) {
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
            if (settings.caFile().isPresent()) {
                properties.put("mail.smtp.ssl.socketFactory", TrustedCertificates.socketFactory(settings.caFile().get()));
            }
        }
        return properties;
    }

    private static String reason(Exception e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()).strip());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            reason.append(": ").append(String.valueOf(cause.getMessage()).strip());
        }
        return reason.toString();
    }
}
