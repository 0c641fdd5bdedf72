package io.pilotlight.cli.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code listener}: the metrics/API/status page address, off loopback its bearer token by reference,
 * and how often the status page refreshes itself.
 */
final class ListenerSection {
    private static final Pattern ADDRESS = Pattern.compile("(\\[([0-9A-Fa-f:.]+)]|[^:\\[\\]]+):([0-9]{1,5})");

    private ListenerSection() {}

    static ListenerConfig read(MappingReader top) {
        Optional<Node> node = top.value("listener");
        if (node.isEmpty()) {
            return ListenerConfig.DEFAULT;
        }
        Optional<MappingReader> reader = MappingReader.of(node.get(), top.child("listener"), top.problems(),
                "e.g. listener: {address: 127.0.0.1:9811}");
        if (reader.isEmpty()) {
            return ListenerConfig.DEFAULT;
        }
        MappingReader listener = reader.get();
        Optional<String[]> address = listener.optional("address", Scalars.scalar("HOST:PORT",
                ListenerSection::hostAndPort));
        Optional<SecretRef> token = listener.optional("token", SecretSection.reader());
        Duration refresh = listener.optional("refresh", Scalars.scalar("a duration from 1s to 1h, such as 10s",
                ListenerSection::refresh)).orElse(ListenerConfig.DEFAULT_REFRESH);
        listener.finish();
        String host = address.map(parts -> parts[0]).orElse(ListenerConfig.DEFAULT.host());
        int port = address.map(parts -> Integer.parseInt(parts[1])).orElse(ListenerConfig.DEFAULT.port());
        if (!ListenerConfig.isLoopback(host) && token.isEmpty()) {
            if (!listener.has("token")) {
                top.problems().error(listener.value("address").orElse(listener.node()), listener.child("token"),
                        "missing required key 'token': address '" + host + "' is not loopback",
                        "give token: {env: VARIABLE} or {file: /path}, or listen on 127.0.0.1");
            }
            return ListenerConfig.DEFAULT;
        }
        return new ListenerConfig(host, port, token, refresh);
    }

    private static Duration refresh(String value) {
        Duration refresh = ConfigDuration.parse(value);
        if (refresh.compareTo(Duration.ofSeconds(1)) < 0 || refresh.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidValue("refresh " + value + " is not from 1s to 1h", "e.g. refresh: 10s");
        }
        return refresh;
    }

    private static String[] hostAndPort(String value) {
        Matcher matcher = ADDRESS.matcher(value);
        if (!matcher.matches() || Integer.parseInt(matcher.group(3)) < 1 || Integer.parseInt(matcher.group(3)) > 65535) {
            throw new InvalidValue("address '" + value + "' is not HOST:PORT", "e.g. 127.0.0.1:9811, 0.0.0.0:9811 or"
                    + " [::1]:9811; the port is 1 to 65535");
        }
        String host = matcher.group(2) != null ? matcher.group(2) : matcher.group(1);
        return new String[] {host, matcher.group(3)};
    }
}
