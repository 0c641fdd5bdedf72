package io.pilotlight.source.libvirt;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checkpoints pilotlight made on a domain ({@code pilotlight-<n>}, oldest first), as listed when a
 * session opens. The oldest is the base of the next incremental backup: normally it is the only one
 * (older ones are deleted once a group point is committed); a run that died leaves a newer one beside it,
 * and a backup since the older one still covers everything since the newer.
 */
record Checkpoints(List<Integer> numbers) {
    static final String PREFIX = "pilotlight-";

    Checkpoints {
        numbers = List.copyOf(requireNonNull(numbers, "numbers is null"));
    }

    /** Lists the pilotlight checkpoints of {@code domain}. */
    static Checkpoints list(Virsh virsh, String domain) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String line : virsh.run("checkpoint-list", domain, "--name").split("\n")) {
            number(line.strip()).ifPresent(numbers::add);
        }
        numbers.sort(null);
        return new Checkpoints(numbers);
    }

    /** The number of a checkpoint named {@code pilotlight-<n>}; empty for any other name. */
    static OptionalInt number(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.length() > PREFIX.length() + 9
                || !name.substring(PREFIX.length()).chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(name.substring(PREFIX.length())));
    }

    static String name(int number) {
        return PREFIX + number;
    }

    Optional<String> oldest() {
        return numbers.stream().findFirst().map(Checkpoints::name);
    }

    /** The name of the checkpoint the next backup creates: one past the newest. */
    String next() {
        return name(numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1);
    }

    boolean contains(String name) {
        OptionalInt number = number(name);
        return number.isPresent() && numbers.contains(number.getAsInt());
    }

    /** The disks that carry {@code checkpoint}'s bitmap. */
    static Set<String> bitmapDisks(Virsh virsh, String domain, String checkpoint) throws IOException {
        return DomainXml.bitmapDisks("checkpoint " + checkpoint + " of domain " + domain,
                virsh.run("checkpoint-dumpxml", domain, checkpoint, "--no-domain"));
    }
}
