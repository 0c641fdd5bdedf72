package io.pilotlight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@code --json} output: records become objects with one field per component, so new fields show up
 * without changes here. Optionals are their value or null, instants ISO-8601 strings in UTC, paths
 * strings. (Jackson's JavaTimeModule and Jdk8Module are not on the class path; this is all we need.)
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object(Record record) {
        ObjectNode node = MAPPER.createObjectNode();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            node.set(component.getName(), value(read(record, component)));
        }
        return node;
    }

    static ArrayNode array(List<? extends Record> records) {
        ArrayNode array = MAPPER.createArrayNode();
        records.forEach(record -> array.add(object(record)));
        return array;
    }

    static void print(JsonNode node, PrintWriter out) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode value(Object value) {
        if (value instanceof Optional<?> optional) {
            return value(optional.orElse(null));
        }
        if (value instanceof Instant || value instanceof Path) {
            return MAPPER.getNodeFactory().textNode(value.toString());
        }
        if (value instanceof Record record) {
            return object(record);
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = MAPPER.createArrayNode();
            collection.forEach(element -> array.add(value(element)));
            return array;
        }
        return MAPPER.valueToTree(value);
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass(), e);
        }
    }
}
