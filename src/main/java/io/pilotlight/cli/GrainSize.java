package io.pilotlight.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The grain size a new repository is made with: a power of two between 4 KiB and 1 MiB. */
final class GrainSize {
    static final int MINIMUM = 4 * 1024;
    static final int MAXIMUM = 1024 * 1024;

    private GrainSize() {}

    static int parse(String text) {
        long bytes = ByteSize.parse(text);
        if (bytes < MINIMUM || bytes > MAXIMUM || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("grain size " + text + " (" + bytes
                    + " bytes): must be a power of two between 4K and 1M (e.g. 64K)");
        }
        return (int) bytes;
    }

    static final class Converter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
