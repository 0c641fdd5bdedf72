package io.pilotlight.alert;

import static java.util.Objects.requireNonNull;

import io.pilotlight.exec.Command;
import io.pilotlight.exec.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a program for each message (through {@link ProcessRunner}, without a shell): the message as
 * pilotlight's webhook JSON on stdin, and its fields in {@code PILOTLIGHT_ALERT_*} environment
 * variables. Exit 0 is delivered; anything else, or running past the timeout, is a failure.
 */
public final class CommandChannel implements AlertChannel {
    private final String name;
    private final List<String> command;
    private final Duration timeout;

    public CommandChannel(String name, List<String> command, Duration timeout) {
        this.name = requireNonNull(name, "name is null");
        this.command = List.copyOf(requireNonNull(command, "command is null"));
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command channel " + name + " needs a program to run");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertMessage message) throws IOException {
        Path stdin = Files.createTempFile("pilotlight-alert-", ".json");
        try {
            Files.writeString(stdin, WebhookFormat.JSON.body(message), StandardCharsets.UTF_8);
            ProcessRunner.run(Command.of(command.get(0), command.subList(1, command.size())).withTimeout(timeout)
                    .withStdin(stdin).withEnvironment(environment(message)).withTailLines(3)
                    .withLabel("alert command " + name + " ('" + String.join(" ", command) + "')"));
        } finally {
            Files.deleteIfExists(stdin);
        }
    }

    private static Map<String, String> environment(AlertMessage message) {
        return Map.of("PILOTLIGHT_ALERT_STATE", message.state().label(), "PILOTLIGHT_ALERT_RULE", message.rule(),
                "PILOTLIGHT_ALERT_SUBJECT", message.subject(), "PILOTLIGHT_ALERT_SEVERITY", message.severity().label(),
                "PILOTLIGHT_ALERT_SUMMARY", message.summary(), "PILOTLIGHT_ALERT_SINCE",
                AlertMessage.time(message.since()), "PILOTLIGHT_ALERT_ACTION", message.action(),
                "PILOTLIGHT_ALERT_HEADLINE", message.headline());
    }
}
