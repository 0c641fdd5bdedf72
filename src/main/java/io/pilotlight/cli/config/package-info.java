/**
 * {@code pilotlight.yaml}: the typed model of a fleet's configuration ({@link io.pilotlight.cli.config.PilotlightConfig}
 * and the records it holds) and its parser ({@link io.pilotlight.cli.config.ConfigParser}), which reads the file
 * on snakeyaml-engine's node API and reports every problem at once with its line, column and key path.
 * It lives in {@code cli} because only {@code cli} reads config files; the daemon command hands the typed
 * values to the library. It does not depend on {@code io.pilotlight.schedule}: schedules stay validated
 * strings, checked by a {@link io.pilotlight.cli.config.ScheduleSyntax} the scheduler can supply. Secrets are
 * held only by reference ({@link io.pilotlight.cli.config.SecretRef}); their values never reach a record,
 * a message or a log.
 */
package io.pilotlight.cli.config;
