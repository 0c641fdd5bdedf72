package io.pilotlight.rpo;

import static java.util.Objects.requireNonNull;

import io.pilotlight.html.Html;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The achieved RPO over a window as an inline SVG with no external reference, the one RPO chart of the
 * status page and the reports: the age of the newest committed point at each moment (the line), the
 * target dashed over bands of the {@link RpoLevel} thresholds, a grey span where no point existed yet,
 * failed runs as red ticks, time along the bottom (at most ten ticks: minutes, hours or days, UTC) and
 * durations up the side. Ages above the chart's top (five times the target) are drawn at the top. Every
 * part has a class a page's stylesheet may restyle and inline colours, so the chart reads on its own.
 */
public final class RpoSvg {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30));
    private static final String[] BAND_CLASSES = {"band-compliant", "band-exceeded", "band-severely",
        "band-critically"};
    private static final String[] BAND_FILLS = {"#e6f4ea", "#fff4d6", "#ffe0cc", "#fde0e0"};

    /** A corner of the age line: at {@code time} the newest committed point was {@code age} old. */
    public record Sample(Instant time, Duration age) {
        public Sample {
            requireNonNull(time, "time is null");
            requireNonNull(age, "age is null");
        }
    }

    private final Instant from;
    private final Instant to;
    private final Optional<Duration> target;
    private final List<Sample> samples;
    private final List<Instant> failures;
    private final Optional<Instant> noPointFrom;
    private final double top;

    /**
     * The chart of the window {@code from} to {@code to}: the age line through {@code samples} (oldest
     * first), {@code failures} as ticks, and from {@code noPointFrom} to the first sample a span with no
     * point (empty: time before the first sample is unknown and left blank).
     */
    public RpoSvg(Instant from, Instant to, Optional<Duration> target, List<Sample> samples, List<Instant> failures,
            Optional<Instant> noPointFrom) {
        this.from = requireNonNull(from, "from is null");
        this.to = requireNonNull(to, "to is null");
        this.target = requireNonNull(target, "target is null");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("chart window " + from + " to " + to + " is empty");
        }
        target.ifPresent(RpoLevel.EXCEEDED::threshold);
        this.samples = List.copyOf(requireNonNull(samples, "samples is null"));
        this.failures = requireNonNull(failures, "failures is null").stream()
                .filter(time -> !time.isBefore(from) && !time.isAfter(to)).sorted().toList();
        this.noPointFrom = requireNonNull(noPointFrom, "noPointFrom is null");
        double worst = this.samples.stream().mapToLong(sample -> sample.age().toMillis()).max().orElse(0);
        this.top = target.map(t -> Math.min(Math.max(worst, t.toMillis() * 1.25), t.toMillis() * 5.0))
                .orElse(Math.max(worst * 1.1, 60_000));
    }

    /** The chart as an {@code <svg>} of class {@code svgClass}, its line of {@code lineClass}, named {@code title}. */
    public String svg(String svgClass, String lineClass, String title) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT, "<svg class=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\"><title>%s</title>",
                Html.escape(svgClass), WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title), Html.escape(title)));
        target.ifPresent(rpo -> bands(svg, rpo));
        noPoint(svg);
        axes(svg);
        line(svg, lineClass);
        failures.forEach(time -> svg.append(String.format(Locale.ROOT, "<line class=\"failure\" x1=\"%.1f\""
                + " x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#c62828\" stroke-width=\"2\"/>", x(time), x(time),
                HEIGHT - BOTTOM, HEIGHT - BOTTOM - 8)));
        if (samples.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">"
                    + "no committed point in this window</text>", WIDTH / 2, HEIGHT / 2));
        }
        return svg.append("</svg>").toString();
    }

    private void bands(StringBuilder svg, Duration rpo) {
        RpoLevel[] levels = RpoLevel.values();
        for (int i = 0; i < levels.length; i++) {
            double low = levels[i].threshold(rpo).toMillis();
            double high = i + 1 < levels.length ? levels[i + 1].threshold(rpo).toMillis() : Double.MAX_VALUE;
            if (low < top) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\""
                        + " height=\"%.1f\" fill=\"%s\"/>", BAND_CLASSES[i], LEFT, y(Math.min(high, top)),
                        WIDTH - LEFT - RIGHT, y(low) - y(Math.min(high, top)), BAND_FILLS[i]));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                + " stroke=\"#2e7d32\" stroke-dasharray=\"6 4\"/>", LEFT, y(rpo.toMillis()), WIDTH - RIGHT,
                y(rpo.toMillis())));
    }

    private void noPoint(StringBuilder svg) {
        Instant first = samples.isEmpty() ? to : samples.get(0).time();
        noPointFrom.filter(start -> start.isBefore(first)).map(start -> start.isBefore(from) ? from : start)
                .ifPresent(start -> svg.append(String.format(Locale.ROOT, "<rect class=\"no-point\" x=\"%.1f\""
                        + " y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#d9d9d9\"><title>no point committed yet"
                        + "</title></rect>", x(start), TOP, x(first) - x(start), HEIGHT - TOP - BOTTOM)));
    }

    private void axes(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                + " stroke=\"#555\"/>", LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                + " stroke=\"#555\"/>", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        List<Double> ticks = target.map(t -> List.of(0.0, (double) t.toMillis(), t.toMillis() * 2.0,
                t.toMillis() * 4.0)).orElse(List.of(0.0, top / 2, top));
        for (double tick : ticks) {
            if (tick <= top) {
                svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\""
                        + " font-size=\"11\" fill=\"#333\">%s</text>", LEFT - 6, y(tick) + 4,
                        ShortDuration.format(Duration.ofMillis((long) tick))));
            }
        }
        timeTicks(svg);
    }

    private void timeTicks(StringBuilder svg) {
        Duration length = Duration.between(from, to);
        Duration step = STEPS.stream().filter(candidate -> length.dividedBy(candidate) <= 10).findFirst()
                .orElse(STEPS.get(STEPS.size() - 1));
        Instant tick = Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond(), step.toSeconds()) * step.toSeconds());
        for (; tick.isBefore(to); tick = tick.plus(step)) {
            if (!tick.isBefore(from)) {
                String label = step.compareTo(Duration.ofDays(1)) >= 0
                        ? tick.atOffset(ZoneOffset.UTC).toLocalDate().toString().substring(5)
                        : String.format(Locale.ROOT, "%02d:%02d", tick.atOffset(ZoneOffset.UTC).getHour(),
                                tick.atOffset(ZoneOffset.UTC).getMinute());
                svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\""
                        + " y2=\"%d\" stroke=\"#ddd\"/><text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\""
                        + " font-size=\"11\" fill=\"#333\">%s</text>", x(tick), TOP, x(tick), HEIGHT - BOTTOM, x(tick),
                        HEIGHT - 8, label));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\""
                + " font-size=\"11\" fill=\"#333\">UTC</text>", WIDTH - RIGHT, TOP + 10));
    }

    private void line(StringBuilder svg, String lineClass) {
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (double[] corner : thin()) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", corner[0], corner[1]));
        }
        svg.append("<polyline class=\"").append(Html.escape(lineClass)).append("\" fill=\"none\" stroke=\"#1a237e\""
                + " stroke-width=\"1.5\" points=\"").append(points.toString().trim()).append("\"/>");
    }

    /** The corners in pixels; many corners in one pixel column keep only its first, lowest, highest and last. */
    private List<double[]> thin() {
        List<double[]> corners = new ArrayList<>();
        int start = 0;
        while (start < samples.size()) {
            double column = Math.floor(x(samples.get(start).time()));
            int end = start;
            while (end + 1 < samples.size() && Math.floor(x(samples.get(end + 1).time())) == column) {
                end++;
            }
            List<Sample> cell = samples.subList(start, end + 1);
            List<Sample> kept = cell.size() <= 4 ? cell : List.of(cell.get(0),
                    cell.stream().min(Comparator.comparing(Sample::age)).orElseThrow(),
                    cell.stream().max(Comparator.comparing(Sample::age)).orElseThrow(), cell.get(cell.size() - 1));
            kept.forEach(sample -> corners.add(new double[] {x(sample.time()), y(sample.age().toMillis())}));
            start = end + 1;
        }
        return corners;
    }

    private double x(Instant at) {
        double share = (double) Duration.between(from, at).toMillis() / Duration.between(from, to).toMillis();
        return LEFT + share * (WIDTH - LEFT - RIGHT);
    }

    private double y(double millis) {
        return HEIGHT - BOTTOM - Math.min(millis, top) / top * (HEIGHT - TOP - BOTTOM);
    }
}
