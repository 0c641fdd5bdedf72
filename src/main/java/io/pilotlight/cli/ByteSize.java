package io.pilotlight.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte counts as people write them ({@code 64K}, {@code 1M}, {@code 65536}) and read them ({@code 20.0 MiB}). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(?:i?b)?|b)?", Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {}

    /** Parses a size with an optional binary suffix: K, M, G, T (also KiB, KB, ...: all powers of 1024). */
    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("size '" + text
                    + "': must be a number of bytes with an optional suffix K, M, G or T (e.g. 64K, 1M, 65536)");
        }
        int shift = matcher.group(2) == null ? 0 : 10 * ("kmgt".indexOf(Character.toLowerCase(matcher.group(2).charAt(0))) + 1);
        try {
            long number = Long.parseLong(matcher.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "': too large");
        }
    }

    /** {@code 512 B}, {@code 64.0 KiB}, {@code 20.0 MiB}, {@code 1.0 GiB}. */
    static String format(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (Math.abs(value) >= 1023.95 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** For options such as {@code --size 1G}. */
    static final class Converter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
