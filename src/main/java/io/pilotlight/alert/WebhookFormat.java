package io.pilotlight.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The JSON a webhook receives: pilotlight's own fields, or a Slack-compatible {@code text} message. */
public enum WebhookFormat {
    JSON, SLACK;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String body(AlertMessage message) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this == JSON ? json(message)
                    : slack(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render alert as JSON: " + e.getMessage(), e);
        }
    }

    /** Every field of the message, for a receiver that routes on them. */
    public static ObjectNode json(AlertMessage message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("state", message.state().label());
        body.put("rule", message.rule());
        body.put("subject", message.subject());
        body.put("severity", message.severity().label());
        body.put("summary", message.summary());
        body.put("since", AlertMessage.time(message.since()));
        body.put("at", AlertMessage.time(message.at()));
        body.put("duration_seconds", message.duration().getSeconds());
        body.put("action", message.action());
        body.put("host", message.host());
        body.put("suppressed", message.suppressed());
        body.put("text", message.headline());
        return body;
    }

    /** Slack's incoming-webhook body (also read by Mattermost, Rocket.Chat and Teams' Slack adapter). */
    private static ObjectNode slack(AlertMessage message) {
        String icon = switch (message.state()) {
            case RESOLVED -> ":white_check_mark:";
            case TEST -> ":information_source:";
            default -> message.severity() == Severity.WARNING ? ":warning:" : ":rotating_light:";
        };
        String text = icon + " *" + message.headline() + "*\n" + message.text().lines().skip(2)
                .filter(line -> !line.isBlank()).reduce((a, b) -> a + "\n" + b).orElse("");
        return JsonNodeFactory.instance.objectNode().put("text", text);
    }
}
