/**
 * The command line: the only package that reads arguments, environment and config, writes to
 * stdout, and exits (in {@link io.pilotlight.cli.Main}). Each command is a thin shell around a
 * library call below it, so a daemon runs what the commands run: no loops, waits or shutdown hooks
 * here ({@code follow --watch} runs a {@code FollowWatcher}, {@code serve} a {@code PointServer}).
 */
package io.pilotlight.cli;
