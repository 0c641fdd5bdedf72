package io.pilotlight.cli;

import io.pilotlight.alert.AlertChannel;
import io.pilotlight.alert.AlertEngine;
import io.pilotlight.alert.AlertPlan;
import io.pilotlight.cli.config.ConfigParser;
import io.pilotlight.cli.config.ConfigProblem;
import io.pilotlight.cli.config.ConfigResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code alert test CHANNEL --config FILE}: sends one test message through one configured channel. */
@Command(name = "alert", description = "Work with the alerts of a configuration file (docs/operating.md, \"Alerts\").",
        subcommands = AlertCommand.Test.class)
final class AlertCommand implements Runnable {
    @ParentCommand
    PilotlightCommand top;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "no alert command given (try 'alert test CHANNEL"
                + " --config FILE')");
    }

    @Command(name = "test", description = {"Send a test message through one alert channel, once (no retry, no rate"
            + " limit): print 'sent' and exit 0, or print why the channel did not take it and exit 17.",
        "", "  pilotlight alert test ops-mail --config /etc/pilotlight/pilotlight.yaml"})
    static final class Test implements Callable<Integer> {
        @ParentCommand
        AlertCommand alert;

        @Parameters(paramLabel = "CHANNEL", description = "The channel's name under alerts.channels.")
        String channel;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "The configuration file.")
        Path config;

        @Override
        public Integer call() throws IOException {
            PilotlightCommand top = alert.top;
            ConfigResult result = new ConfigParser().read(config);
            if (result.config().isEmpty()) {
                result.errors().stream().map(ConfigProblem::format).forEach(top.err()::println);
                top.err().println("pilotlight: " + config + ": " + result.errors().size() + " errors; run 'pilotlight"
                        + " config check " + config + "'");
                top.err().flush();
                return ExitCodes.USAGE;
            }
            AlertPlan plan = new AlertPlanner(top.environment()).plan(result.config().get());
            AlertChannel target = plan.channel(channel);
            try {
                AlertEngine.test(target, Clock.systemUTC(), hostName());
            } catch (IOException e) {
                top.err().println("pilotlight: alert channel " + channel + " failed: " + e.getMessage());
                top.err().flush();
                return ExitCodes.ALERT_FAILED;
            }
            top.out().println("sent a test message through alert channel " + channel);
            top.out().flush();
            return ExitCodes.OK;
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
