package io.pilotlight.cli;

import io.pilotlight.repo.Repository;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Disk names, checked by the repository's rule ({@link Repository#DISK_RULE}). */
final class DiskName {
    static final String RULE = Repository.DISK_RULE;

    private DiskName() {}

    static String check(String name) {
        return Repository.checkDisk(name);
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
