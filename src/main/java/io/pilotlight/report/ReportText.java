package io.pilotlight.report;

import io.pilotlight.rpo.ShortDuration;
import java.util.ArrayList;
import java.util.List;

/** The sentences Markdown and HTML share: a subject's facts and a job's last run, in plain words. */
final class ReportText {
    private ReportText() {
    }

    /** e.g. {@code 99.40 %}, {@code no target}, {@code no data}. */
    static String compliance(SubjectReport subject) {
        if (subject.subject().target().isEmpty()) {
            return "no target";
        }
        return subject.compliance().map(Figures::percent).orElse("no data");
    }

    static List<String> facts(SubjectReport subject, java.time.Instant end) {
        List<String> lines = new ArrayList<>();
        lines.add("RPO target: " + Figures.duration(subject.subject().target(), "none") + "; measured "
                + subject.measured().map(span -> "from " + Figures.time(span.start()) + " ("
                + ShortDuration.format(span.length()) + ")").orElse(": nothing on record in the period"));
        subject.bands().ifPresent(bands -> lines.add("Compliance " + Figures.percent(bands.compliance())
                + ": within target " + ShortDuration.format(bands.compliant()) + ", exceeded (up to 2x) "
                + ShortDuration.format(bands.exceeded()) + ", severely (up to 4x) "
                + ShortDuration.format(bands.severely()) + ", critically (over 4x) "
                + ShortDuration.format(bands.critically()) + ", no point " + ShortDuration.format(bands.noPoint())));
        lines.add("Achieved RPO: worst " + Figures.duration(subject.worstRpo(), "no point") + ", at the end "
                + Figures.duration(subject.rpoAtEnd(), "no point") + "; newest point kept "
                + subject.newestPoint().map(Figures::time).orElse("none"));
        lines.add("Runs " + subject.runs() + ", failed " + subject.failedRuns() + "; points taken "
                + subject.pointsTaken() + ", kept " + subject.pointsKept());
        lines.add("Bytes read " + Figures.bytes(subject.bytes().read()) + ", changed "
                + Figures.bytes(subject.bytes().changed()) + ", stored " + Figures.bytes(subject.bytes().stored()));
        lines.add("Change tracking lost, whole disk read instead (CBT fallbacks): " + subject.cbtFallbacks());
        lines.add("Newest point proven bootable: " + subject.bootable().map(boot -> boot.point()
                + boot.pointCreated().map(created -> " (taken " + Figures.time(created) + ")").orElse("")
                + ", drill of " + Figures.time(boot.drilled()) + " under " + boot.accelerator())
                .orElse("none on record"));
        subject.standbys().forEach(standby -> lines.add("Standby of follower " + standby.follower() + ": "
                + standby.problem().orElseGet(() -> standby.point().map(point -> "point " + point
                        + standby.pointCreated().map(created -> ", taken " + Figures.time(created) + ", "
                                + ShortDuration.format(standby.ageAt(end).orElseThrow()) + " old").orElse(""))
                        .orElse("holds no point yet"))));
        return lines;
    }

    static String lastRun(JobSummary job) {
        return job.lastRun().map(Figures::time).map(time -> time + (job.lastSucceeded().orElse(false) ? " ok"
                : " failed")).orElse("none in the period");
    }
}
