package io.pilotlight.alert;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The free space a recovery-site filesystem must keep: a share of its size ({@code 10%}) or bytes ({@code 50GiB}). */
public record MinimumFree(double percent, long bytes) {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,9})(%|B|KiB|MiB|GiB|TiB)");
    public static final MinimumFree DEFAULT = new MinimumFree(10, 0);

    public MinimumFree {
        if (percent < 0 || percent > 100 || bytes < 0 || (percent > 0) == (bytes > 0)) {
            throw new IllegalArgumentException("minimum free space: give a percentage (1% to 100%) or a size, not both");
        }
    }

    /** Reads {@code 10%}, {@code 500MiB}, {@code 50GiB}, {@code 2TiB}. */
    public static MinimumFree parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("minimum free space '" + text + "' is not a percentage or a size:"
                    + " write e.g. 10% or 50GiB (units B, KiB, MiB, GiB, TiB)");
        }
        long number = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "%" -> new MinimumFree(number, 0);
            case "B" -> new MinimumFree(0, number);
            case "KiB" -> new MinimumFree(0, number << 10);
            case "MiB" -> new MinimumFree(0, number << 20);
            case "GiB" -> new MinimumFree(0, number << 30);
            default -> new MinimumFree(0, number << 40);
        };
    }

    /** Whether {@code space} has less free than this minimum. */
    public boolean violatedBy(DiskSpace space) {
        return percent > 0 ? space.usable() * 100.0 < percent * space.total() : space.usable() < bytes;
    }

    public String describe() {
        return percent > 0 ? String.format(Locale.ROOT, "%.0f%%", percent) : AlertText.bytes(bytes);
    }
}
