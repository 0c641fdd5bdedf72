package io.pilotlight.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A machine given disk by disk, as named source URIs ({@code os=/images/vm-os.img}): a session
 * opens each with {@link SourceUri#open} and closes them all. There is no common snapshot; the
 * disks are read one after the other.
 */
public record NamedSources(List<Named> sources) implements MachineSource {
    /** One disk: its name within the machine and its source URI. */
    public record Named(String name, String uri) {
        public Named {
            requireNonNull(name, "name is null");
            requireNonNull(uri, "uri is null");
        }
    }

    public NamedSources {
        sources = List.copyOf(sources);
    }

    /** {@code group:NAME=URI,NAME=URI…}, in the given order. */
    @Override
    public String uri() {
        return "group:" + String.join(",", sources.stream().map(source -> source.name() + "=" + source.uri()).toList());
    }

    @Override
    public MachineSession open() throws IOException {
        List<MachineDisk> disks = new ArrayList<>();
        try {
            for (Named source : sources) {
                disks.add(new MachineDisk(source.name(), SourceUri.open(source.uri())));
            }
        } catch (IOException | RuntimeException e) {
            try {
                closeAll(disks);
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new MachineSession() {
            @Override
            public List<MachineDisk> disks() {
                return List.copyOf(disks);
            }

            @Override
            public List<String> warnings() {
                return List.of();
            }

            @Override
            public void close() throws IOException {
                closeAll(disks);
            }
        };
    }

    /** Closes every source; the first failure is thrown with the others suppressed. */
    private static void closeAll(List<MachineDisk> disks) throws IOException {
        IOException failure = null;
        for (MachineDisk disk : disks) {
            try {
                disk.source().close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
