package io.pilotlight.status;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The achieved RPO over a window as an inline SVG chart: the age of the newest committed point at
 * each moment (it grows by one second a second and drops when a run commits a point), the target
 * as a dashed line over bands of the {@link RpoState} thresholds, and failed runs as red ticks. Made
 * from plain commits (when the point's data was taken, when it was committed), so any history can
 * feed it. Time before the first commit in or before the window is unknown and left blank.
 */
public final class RpoChart {
    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int LEFT = 48;
    private static final int RIGHT = 8;
    private static final int TOP = 8;
    private static final int BOTTOM = 20;

    /** A point of data taken at {@code point} and committed at {@code committed}. */
    public record Commit(Instant point, Instant committed) {
        public Commit {
            requireNonNull(point, "point is null");
            requireNonNull(committed, "committed is null");
            if (committed.isBefore(point)) {
                throw new IllegalArgumentException("a point taken at " + point + " cannot be committed before it, at "
                        + committed);
            }
        }
    }

    /** A corner of the age line: at {@code time} the newest committed point was {@code age} old. */
    record Sample(Instant time, Duration age) {
    }

    private final Instant from;
    private final Instant to;
    private final Optional<Duration> target;
    private final List<Sample> samples;
    private final List<Instant> failures;

    public RpoChart(Instant from, Instant to, Optional<Duration> target, List<Commit> commits, List<Instant> failures) {
        this.from = requireNonNull(from, "from is null");
        this.to = requireNonNull(to, "to is null");
        this.target = requireNonNull(target, "target is null");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("chart window " + from + " to " + to + " is empty");
        }
        target.filter(rpo -> rpo.isNegative() || rpo.isZero()).ifPresent(rpo -> {
            throw new IllegalArgumentException("RPO target " + rpo + " must be positive");
        });
        this.samples = samples(from, to, requireNonNull(commits, "commits is null"));
        this.failures = requireNonNull(failures, "failures is null").stream()
                .filter(time -> !time.isBefore(from) && !time.isAfter(to)).sorted().toList();
    }

    /** The corners of the age line within the window, oldest first. */
    static List<Sample> samples(Instant from, Instant to, List<Commit> commits) {
        List<Commit> sorted = commits.stream().filter(commit -> !commit.committed().isAfter(to))
                .sorted(Comparator.comparing(Commit::committed)).toList();
        List<Sample> samples = new ArrayList<>();
        Instant newest = null;
        for (Commit commit : sorted) {
            if (!commit.committed().isAfter(from)) {
                newest = later(newest, commit.point());
                continue;
            }
            if (newest == null) {
                samples.add(new Sample(commit.committed(), Duration.between(commit.point(), commit.committed())));
            } else {
                if (samples.isEmpty()) {
                    samples.add(new Sample(from, Duration.between(newest, from)));
                }
                samples.add(new Sample(commit.committed(), Duration.between(newest, commit.committed())));
                samples.add(new Sample(commit.committed(), Duration.between(later(newest, commit.point()),
                        commit.committed())));
            }
            newest = later(newest, commit.point());
        }
        if (newest != null) {
            if (samples.isEmpty()) {
                samples.add(new Sample(from, Duration.between(newest, from)));
            }
            samples.add(new Sample(to, Duration.between(newest, to)));
        }
        return samples;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    List<Sample> samples() {
        return samples;
    }

    /**
     * The share of the known part of the window in which the newest point was within the target: empty
     * without a target or without any known time.
     */
    public Optional<Double> compliantShare() {
        if (target.isEmpty() || samples.size() < 2) {
            return Optional.empty();
        }
        double known = 0;
        double within = 0;
        for (int i = 1; i < samples.size(); i++) {
            Sample start = samples.get(i - 1);
            double span = Duration.between(start.time(), samples.get(i).time()).toMillis();
            known += span;
            double left = target.get().toMillis() - start.age().toMillis();
            within += Math.max(0, Math.min(span, left));
        }
        return known == 0 ? Optional.empty() : Optional.of(within / known);
    }

    /** The chart as an {@code <svg>} element with {@code title} as its accessible name. */
    public String svg(String title) {
        Scale scale = new Scale(from, to, yMax());
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\"><title>").append(Html.escape(title)).append("</title>");
        target.ifPresent(rpo -> bands(svg, scale, rpo));
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
                .append("\" fill=\"none\" stroke=\"#999\"/>");
        line(svg, scale);
        failures.forEach(time -> svg.append("<line class=\"failure\" x1=\"").append(scale.x(time)).append("\" x2=\"")
                .append(scale.x(time)).append("\" y1=\"").append(HEIGHT - BOTTOM).append("\" y2=\"")
                .append(HEIGHT - BOTTOM - 8).append("\" stroke=\"#c62828\" stroke-width=\"2\"/>"));
        labels(svg, scale);
        if (samples.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"12\">no committed point in this window</text>");
        }
        return svg.append("</svg>").toString();
    }

    private Duration yMax() {
        Duration max = samples.stream().map(Sample::age).max(Comparator.naturalOrder()).orElse(Duration.ofMinutes(1));
        Duration floor = target.map(rpo -> rpo.multipliedBy(2)).orElse(Duration.ofMinutes(1));
        Duration top = max.compareTo(floor) > 0 ? max : floor;
        return top.plus(top.dividedBy(20));
    }

    private static void bands(StringBuilder svg, Scale scale, Duration rpo) {
        String[] fills = {"#e6f4ea", "#fff4d6", "#ffe0cc", "#fde0e0"};
        Duration[] bounds = {Duration.ZERO, rpo, rpo.multipliedBy(2), rpo.multipliedBy(4), scale.yMax()};
        for (int i = 0; i < fills.length; i++) {
            if (bounds[i].compareTo(scale.yMax()) >= 0) {
                break;
            }
            Duration upper = bounds[i + 1].compareTo(scale.yMax()) > 0 ? scale.yMax() : bounds[i + 1];
            double top = scale.y(upper);
            svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(top).append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(scale.y(bounds[i]) - top)
                    .append("\" fill=\"").append(fills[i]).append("\"/>");
        }
        svg.append("<line class=\"target\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y1=\"").append(scale.y(rpo)).append("\" y2=\"").append(scale.y(rpo))
                .append("\" stroke=\"#2e7d32\" stroke-dasharray=\"6 4\"/>");
    }

    private void line(StringBuilder svg, Scale scale) {
        if (samples.isEmpty()) {
            return;
        }
        svg.append("<polyline class=\"age\" fill=\"none\" stroke=\"#1a237e\" stroke-width=\"1.5\" points=\"");
        for (double[] corner : scale.thin(samples)) {
            svg.append(corner[0]).append(',').append(corner[1]).append(' ');
        }
        svg.setLength(svg.length() - 1);
        svg.append("\"/>");
    }

    private void labels(StringBuilder svg, Scale scale) {
        text(svg, LEFT - 4, HEIGHT - BOTTOM, "end", "0");
        text(svg, LEFT - 4, TOP + 10, "end", Quantities.duration(scale.yMax()));
        target.ifPresent(rpo -> text(svg, LEFT - 4, scale.y(rpo) + 4, "end", Quantities.duration(rpo)));
        text(svg, LEFT, HEIGHT - 4, "start", Quantities.shortTime(from));
        text(svg, WIDTH - RIGHT, HEIGHT - 4, "end", Quantities.shortTime(to) + " UTC");
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"10\" fill=\"#333\">").append(Html.escape(text)).append("</text>");
    }

    /** From time and age to the chart's coordinates, rounded to a tenth of a pixel. */
    private record Scale(Instant from, Instant to, Duration yMax) {
        double x(Instant time) {
            double share = (double) Duration.between(from, time).toMillis() / Duration.between(from, to).toMillis();
            return round(LEFT + share * (WIDTH - LEFT - RIGHT));
        }

        double y(Duration age) {
            double share = Math.min(1.0, (double) age.toMillis() / yMax.toMillis());
            return round(HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM));
        }

        /** The corners in pixels; many corners in one pixel column keep only its first, lowest, highest and last. */
        List<double[]> thin(List<Sample> samples) {
            List<double[]> corners = new ArrayList<>();
            int start = 0;
            while (start < samples.size()) {
                double column = Math.floor(x(samples.get(start).time()));
                int end = start;
                while (end + 1 < samples.size() && Math.floor(x(samples.get(end + 1).time())) == column) {
                    end++;
                }
                addColumn(corners, samples.subList(start, end + 1));
                start = end + 1;
            }
            return corners;
        }

        private void addColumn(List<double[]> corners, List<Sample> column) {
            if (column.size() <= 4) {
                column.forEach(sample -> corners.add(new double[] {x(sample.time()), y(sample.age())}));
                return;
            }
            Sample low = column.stream().min(Comparator.comparing(Sample::age)).orElseThrow();
            Sample high = column.stream().max(Comparator.comparing(Sample::age)).orElseThrow();
            for (Sample sample : List.of(column.get(0), low, high, column.get(column.size() - 1))) {
                corners.add(new double[] {x(sample.time()), y(sample.age())});
            }
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }
    }
}
