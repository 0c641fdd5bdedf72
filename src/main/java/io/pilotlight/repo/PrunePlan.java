package io.pilotlight.repo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;

/**
 * A prune plan ({@code prune/<id>}, docs/design.md §16.2): the packs one prune marked for deletion
 * by a later one, and when it marked them. Writers treat a blob whose indexed copies are all in
 * planned packs as not stored.
 *
 * @param format the plan format, {@link #FORMAT}
 * @param id a point-style id (time, then random hex)
 * @param created when the plan was made, taken before it was stored
 * @param packs the marked packs and why
 */
public record PrunePlan(int format, String id, String created, List<PlannedPack> packs) {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Why a pack is in a plan. */
    public enum Reason { unused, repacked, unindexed }

    /** One marked pack: its id (hex) and the reason. */
    public record PlannedPack(String pack, Reason reason) {
        public PlannedPack {
            requireNonNull(pack, "pack is null");
            requireNonNull(reason, "reason is null");
        }

        public Hash id() {
            return Hash.fromHex(pack);
        }
    }

    public PrunePlan {
        requireNonNull(id, "id is null");
        requireNonNull(created, "created is null");
        packs = List.copyOf(requireNonNull(packs, "packs is null"));
    }

    /** A new plan made at {@code created}. */
    public static PrunePlan create(Instant created, List<PlannedPack> packs) {
        return new PrunePlan(FORMAT, RepositoryLayout.newPointId(created, java.util.Optional.empty()),
                created.toString(), packs);
    }

    public Instant createdAt() {
        return Instant.parse(created);
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("prune plan " + id + " cannot be written as JSON", e);
        }
    }

    static PrunePlan fromJson(String key, byte[] json) throws CorruptObjectException {
        PrunePlan plan;
        try {
            plan = JSON.readValue(json, PrunePlan.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new CorruptObjectException(key + ": prune plan is not valid JSON (" + String.valueOf(e.getMessage())
                    .lines().findFirst().orElse("") + ")");
        }
        if (plan.format() != FORMAT) {
            throw new CorruptObjectException(key + ": prune plan format " + plan.format() + " is not " + FORMAT);
        }
        if (!key.equals(RepositoryLayout.planKey(plan.id()))) {
            throw new CorruptObjectException(key + ": prune plan names id '" + plan.id() + "', not its key");
        }
        Manifest.checkInstant(key, "created", plan.created());
        for (PlannedPack pack : plan.packs()) {
            if (pack == null) {
                throw new CorruptObjectException(key + ": prune plan holds a null pack");
            }
            Manifest.checkHex(key, "pack id", pack.pack());
        }
        return plan;
    }
}
