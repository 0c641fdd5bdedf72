package io.pilotlight.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code reports}: protection reports the daemon makes on a schedule and writes to a directory (docs/configuration.md). */
final class ReportSection {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(7);
    static final String DEFAULT_FORMAT = "html";

    private ReportSection() {}

    /** The {@code reports} entries; an {@code email} must name an e-mail channel of {@code channels}. */
    static Map<String, ReportConfig> read(MappingReader top, ParseContext context,
            Map<String, AlertChannelConfig> channels) {
        return NamedSection.read(top, "reports", "report", "e.g. reports: {weekly: {schedule: weekly mon 07:00,"
                + " directory: /var/lib/pilotlight/reports}}", (name, report) -> {
                    ZoneId zone = context.zone(report);
                    Optional<Schedule> schedule = context.schedule(report, zone);
                    Duration period = report.optional("period", Scalars.duration()).orElse(DEFAULT_PERIOD);
                    String format = report.optional("format", Scalars.choice(List.of("html", "md", "json")))
                            .orElse(DEFAULT_FORMAT);
                    Optional<Path> directory = report.required("directory", Scalars.absolutePath(),
                            "e.g. directory: /var/lib/pilotlight/reports");
                    Optional<String> email = report.optional("email", Scalars.name("alert channel"));
                    if (email.isPresent() && !(channels.get(email.get()) instanceof AlertChannelConfig.Email)) {
                        top.problems().error(report.value("email").orElse(report.node()), report.child("email"),
                                "'" + email.get() + "' is not an e-mail channel of alerts.channels",
                                emailChannels(channels));
                        return Optional.empty();
                    }
                    if (schedule.isEmpty() || directory.isEmpty() || (report.has("email") && email.isEmpty())) {
                        return Optional.empty();
                    }
                    return Optional.of(new ReportConfig(name, schedule.get(), period, format, directory.get(), email));
                });
    }

    private static String emailChannels(Map<String, AlertChannelConfig> channels) {
        List<String> names = channels.values().stream().filter(AlertChannelConfig.Email.class::isInstance)
                .map(AlertChannelConfig::name).toList();
        return names.isEmpty() ? "declare one under alerts.channels with type: email"
                : "e-mail channels: " + String.join(", ", names);
    }
}
