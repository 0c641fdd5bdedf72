package io.pilotlight.report;

import java.io.IOException;

/**
 * Where a scheduled report goes: a directory ({@link DirectoryReportSink}), or a channel such as
 * e-mail (wired by the cli from an alert channel). A sink must not keep the report object beyond the call.
 */
public interface ReportSink {
    /**
     * Delivers one report, rendered in {@code format} as {@code rendered}.
     *
     * @return where it went, in words for the run's log (e.g. the file written)
     * @throws IOException when it could not be delivered; the run fails with this message
     */
    String deliver(Report report, ReportFormat format, String rendered) throws IOException;
}
