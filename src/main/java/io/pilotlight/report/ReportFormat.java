package io.pilotlight.report;

import java.util.Arrays;
import java.util.Locale;

/** The formats a report is written in: one self-contained HTML file, Markdown, or JSON for scripts. */
public enum ReportFormat {
    HTML("html"), MD("md"), JSON("json");

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The report rendered in this format. */
    public String render(Report report) {
        return switch (this) {
            case HTML -> HtmlReport.render(report);
            case MD -> MarkdownReport.render(report);
            case JSON -> JsonReport.render(report);
        };
    }

    /** {@code html}, {@code md} or {@code json} (case-insensitive; {@code markdown} is {@code md}). */
    public static ReportFormat parse(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        for (ReportFormat format : values()) {
            if (format.extension.equals(name) || ("markdown".equals(name) && format == MD)) {
                return format;
            }
        }
        throw new IllegalArgumentException("report format '" + text + "' is not one of "
                + Arrays.stream(values()).map(ReportFormat::extension).toList());
    }
}
