package io.pilotlight.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Disk names: {@code [a-z0-9][a-z0-9._-]{0,63}}, so they are safe in object keys and file names. */
final class DiskName {
    static final String RULE = "[a-z0-9][a-z0-9._-]{0,63}";
    private static final Pattern PATTERN = Pattern.compile(RULE);

    private DiskName() {}

    static String check(String name) {
        if (!PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("disk name '" + name + "': must match " + RULE
                    + " (lower-case letters, digits, '.', '_', '-'; at most 64 characters)");
        }
        return name;
    }

    static final class Converter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return check(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
