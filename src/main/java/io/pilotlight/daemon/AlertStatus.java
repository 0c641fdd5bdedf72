package io.pilotlight.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pilotlight.alert.ActiveAlert;
import io.pilotlight.alert.AlertEngine;
import io.pilotlight.alert.ChannelStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The JSON of {@code GET /api/alerts}: the conditions holding now and how each channel has fared. */
final class AlertStatus {
    private AlertStatus() {}

    static ObjectNode of(AlertEngine engine, Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("now", time(now));
        ArrayNode firing = root.putArray("firing");
        for (ActiveAlert alert : engine.firing().values()) {
            ObjectNode node = firing.addObject();
            node.put("rule", alert.condition().rule().key());
            node.put("subject", alert.condition().subject());
            node.put("severity", alert.condition().rule().severity().label());
            node.put("summary", alert.condition().summary());
            node.put("since", time(alert.since()));
            node.put("last_notified", time(alert.lastNotified()));
            node.put("reminders", alert.reminders());
            node.put("action", alert.condition().action());
        }
        ArrayNode channels = root.putArray("channels");
        for (ChannelStatus status : engine.channels().values()) {
            ObjectNode node = channels.addObject();
            node.put("name", status.channel());
            node.put("failing", status.failing());
            node.put("delivered", status.delivered());
            node.put("failed_attempts", status.failedAttempts());
            put(node, "last_delivered", status.lastDelivered().map(AlertStatus::time));
            put(node, "last_failure", status.lastFailure().map(AlertStatus::time));
            put(node, "last_error", status.lastError());
        }
        return root;
    }

    private static void put(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
