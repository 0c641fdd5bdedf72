/**
 * The command line: the only package that reads arguments, environment and config, writes to
 * stdout, and exits (in {@link io.pilotlight.cli.Main}).
 */
package io.pilotlight.cli;
