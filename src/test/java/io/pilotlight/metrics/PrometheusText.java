package io.pilotlight.metrics;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small reader of the Prometheus text format (0.0.4), enough to check a scrape: samples and TYPE lines. */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            requireNonNull(name, "name is null");
            labels = Map.copyOf(labels);
        }
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                parsed.types.put(parts[2], parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                parsed.samples.add(sample(line));
            }
        }
        return parsed;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Metric family name to type (counter, gauge, ...), as the TYPE lines say. */
    public Map<String, String> types() {
        return types;
    }

    /** The one sample of {@code name} with exactly these labels, if any. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Double> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .map(Sample::value).toList();
        if (found.size() > 1) {
            throw new IllegalStateException(name + labels + " appears " + found.size() + " times");
        }
        return found.stream().findFirst();
    }

    public double get(String name, Map<String, String> labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            String[] parts = line.split(" ");
            return new Sample(parts[0], Map.of(), Double.parseDouble(parts[1]));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals);
            StringBuilder value = new StringBuilder();
            i = equals + 2; // past ="
            for (char c = line.charAt(i); c != '"'; c = line.charAt(i)) {
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(label, value.toString());
            i++; // past the closing quote
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        String[] rest = line.substring(i + 1).trim().split(" ");
        return new Sample(line.substring(0, brace), labels, Double.parseDouble(rest[0]));
    }
}
