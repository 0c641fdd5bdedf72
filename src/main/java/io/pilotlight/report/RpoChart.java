package io.pilotlight.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The achieved RPO over the period as an inline SVG (no external reference): the RPO line, the target
 * and its 2x and 4x bands shaded as BRIEF §8 grades them, a grey span where no point existed, time along
 * the bottom (at most ten ticks: minutes, hours or days, UTC) and durations up the side. Values above the
 * chart's top (five times the target) are drawn at the top.
 */
final class RpoChart {
    static final int WIDTH = 760;
    static final int HEIGHT = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    /** Time ticks: the finest of these that puts at most ten along the period (UTC, aligned to the step). */
    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30));

    private final Period period;
    private final double top;

    private RpoChart(Period period, double top) {
        this.period = period;
        this.top = top;
    }

    /** The chart of {@code subject}'s RPO line over {@code period}. */
    static String svg(SubjectReport subject, Period period) {
        Optional<Duration> target = subject.subject().target();
        double worst = subject.worstRpo().map(Duration::toMillis).orElse(0L);
        double top = target.map(t -> Math.min(Math.max(worst, t.toMillis() * 1.25), t.toMillis() * 5.0))
                .orElse(Math.max(worst * 1.1, 60_000));
        return new RpoChart(period, top).draw(subject, target);
    }

    private String draw(SubjectReport subject, Optional<Duration> target) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"rpo-chart\" role=\"img\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<title>Achieved RPO of ").append(HtmlReport.escape(subject.subject().label())).append(" from ")
                .append(Figures.time(period.start())).append(" to ").append(Figures.time(period.end()))
                .append("</title>");
        target.ifPresent(t -> bands(svg, t));
        noPoint(svg, subject);
        axes(svg, target);
        line(svg, subject.chart());
        return svg.append("</svg>").toString();
    }

    private void bands(StringBuilder svg, Duration target) {
        double[] limits = {0, target.toMillis(), target.toMillis() * 2.0, target.toMillis() * 4.0, Double.MAX_VALUE};
        String[] classes = {"band-compliant", "band-exceeded", "band-severely", "band-critically"};
        for (int i = 0; i < classes.length; i++) {
            double low = y(limits[i]);
            double high = y(Math.min(limits[i + 1], top));
            if (limits[i] < top) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\""
                        + " height=\"%.1f\"/>", classes[i], LEFT, high, WIDTH - LEFT - RIGHT, low - high));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, y(target.toMillis()), WIDTH - RIGHT, y(target.toMillis())));
    }

    private void noPoint(StringBuilder svg, SubjectReport subject) {
        Instant firstSample = subject.chart().isEmpty() ? period.end() : subject.chart().get(0).at();
        Instant from = subject.measured().map(Period::start).orElse(period.end());
        if (from.isBefore(firstSample)) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"no-point\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                    + " height=\"%d\"><title>no point committed yet</title></rect>", x(from), TOP,
                    x(firstSample) - x(from), HEIGHT - TOP - BOTTOM));
        }
    }

    private void axes(StringBuilder svg, Optional<Duration> target) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT,
                HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT,
                TOP, LEFT, HEIGHT - BOTTOM));
        List<Double> ticks = target.map(t -> List.of(0.0, (double) t.toMillis(), t.toMillis() * 2.0,
                t.toMillis() * 4.0)).orElse(List.of(0.0, top / 2, top));
        for (double tick : ticks) {
            if (tick <= top) {
                svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
                        + "%s</text>", LEFT - 6, y(tick) + 4, Figures.duration(Duration.ofMillis((long) tick))));
            }
        }
        Duration step = STEPS.stream().filter(candidate -> period.length().dividedBy(candidate) <= 10).findFirst()
                .orElse(STEPS.get(STEPS.size() - 1));
        Instant tick = Instant.ofEpochSecond(Math.floorDiv(period.start().getEpochSecond(), step.toSeconds())
                * step.toSeconds());
        for (; tick.isBefore(period.end()); tick = tick.plus(step)) {
            if (!tick.isBefore(period.start())) {
                String label = step.compareTo(Duration.ofDays(1)) >= 0
                        ? tick.atOffset(ZoneOffset.UTC).toLocalDate().toString().substring(5)
                        : String.format(Locale.ROOT, "%02d:%02d", tick.atOffset(ZoneOffset.UTC).getHour(),
                                tick.atOffset(ZoneOffset.UTC).getMinute());
                svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\""
                        + " y2=\"%d\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x(tick), TOP, x(tick), HEIGHT - BOTTOM, x(tick), HEIGHT - 8, label));
            }
        }
    }

    private void line(StringBuilder svg, List<RpoSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (RpoSample sample : samples) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(sample.at()),
                    y(Math.min(sample.rpo().toMillis(), top))));
        }
        svg.append("<polyline class=\"rpo\" points=\"").append(points.toString().trim()).append("\"/>");
    }

    private double x(Instant at) {
        double share = (double) Duration.between(period.start(), at).toMillis() / period.length().toMillis();
        return LEFT + share * (WIDTH - LEFT - RIGHT);
    }

    private double y(double millis) {
        return HEIGHT - BOTTOM - millis / top * (HEIGHT - TOP - BOTTOM);
    }
}
