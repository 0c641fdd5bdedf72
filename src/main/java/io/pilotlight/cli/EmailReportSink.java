package io.pilotlight.cli;

import static java.util.Objects.requireNonNull;

import io.pilotlight.alert.MailAttachment;
import io.pilotlight.alert.SmtpChannel;
import io.pilotlight.report.Report;
import io.pilotlight.report.ReportFormat;
import io.pilotlight.report.ReportSink;
import io.pilotlight.report.SubjectReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Sends a scheduled report through an e-mail channel of the {@code alerts} section: the subject says
 * how many disks and groups met their RPO over the period; an HTML report is the body itself, and
 * every report is attached as the file the directory sink writes.
 */
final class EmailReportSink implements ReportSink {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final String name;
    private final SmtpChannel channel;

    EmailReportSink(String name, SmtpChannel channel) {
        this.name = requireNonNull(name, "name is null");
        this.channel = requireNonNull(channel, "channel is null");
    }

    @Override
    public String deliver(Report report, ReportFormat format, String rendered) throws IOException {
        String subject = subject(report);
        String text = subject + "\nThe report is attached (" + format.extension() + ").";
        String html = format == ReportFormat.HTML ? rendered : "<p>" + subject + "</p><p>The report is attached ("
                + format.extension() + ").</p>";
        String file = name + "-" + DAY.format(report.period().end()) + "." + format.extension();
        channel.send(subject, html, text, Optional.of(new MailAttachment(file, contentType(format),
                rendered.getBytes(StandardCharsets.UTF_8))));
        return "e-mail channel " + channel.name();
    }

    /** E.g. "pilotlight report weekly, 2026-11-26 to 2026-12-03: 9 of 10 within their RPO target". */
    static String subject(Report report) {
        long measured = report.subjects().stream().filter(s -> s.compliance().isPresent()).count();
        long met = report.subjects().stream().filter(s -> s.compliance().filter(c -> c >= 1.0).isPresent()).count();
        return "pilotlight report, " + DAY.format(report.period().start()) + " to " + DAY.format(report.period().end())
                + ": " + met + " of " + measured + " disks and groups always within their RPO target";
    }

    private static String contentType(ReportFormat format) {
        return switch (format) {
            case HTML -> "text/html; charset=utf-8";
            case MD -> "text/markdown; charset=utf-8";
            case JSON -> "application/json";
        };
    }
}
