package io.pilotlight.cli.config;

/**
 * How many daemon jobs run at once: {@code jobs} in all, {@code perRepository} of the jobs that write
 * one repository (replicate, verify, prune; followers and drills only read and take their own slot).
 */
public record Limits(int jobs, int perRepository) {
    public static final Limits DEFAULT = new Limits(4, 1);
    static final int MAX = 64;

    public Limits {
        if (jobs < 1 || jobs > MAX || perRepository < 1 || perRepository > MAX) {
            throw new InvalidValue("limits jobs " + jobs + " and per-repository " + perRepository
                    + " must each be 1 to " + MAX, "e.g. limits: {jobs: 4, per-repository: 1}");
        }
        if (perRepository > jobs) {
            throw new InvalidValue("limits per-repository " + perRepository + " is more than jobs " + jobs,
                    "per-repository can be at most jobs");
        }
    }
}
