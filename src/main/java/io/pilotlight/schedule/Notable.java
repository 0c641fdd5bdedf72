package io.pilotlight.schedule;

/** Something about a run worth reporting that is not a failure (and so is never retried). */
public enum Notable {
    /** Change tracking was lost or reset, so the run read the whole disk instead of its changes. */
    CBT_FALLBACK,
    /** The run succeeded with warnings, told in the outcome's reason. */
    WARNINGS
}
