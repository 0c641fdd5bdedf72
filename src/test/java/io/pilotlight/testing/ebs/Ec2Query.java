package io.pilotlight.testing.ebs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters of one EC2 query request, with its numbered lists ({@code Name.1.Field}) taken apart. */
final class Ec2Query {
    private final Map<String, String> form;

    Ec2Query(Map<String, String> form) {
        this.form = form;
    }

    String get(String name) {
        return form.get(name);
    }

    String required(String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsError.ec2("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    /** {@code Prefix.1=a&Prefix.2=b}: the values in order. */
    List<String> values(String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; form.containsKey(prefix + "." + i); i++) {
            values.add(form.get(prefix + "." + i));
        }
        return values;
    }

    /** {@code Prefix.1.Field=…}: one map of fields per item, in order. */
    List<Map<String, String>> list(String prefix) {
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            String itemPrefix = prefix + "." + i + ".";
            Map<String, String> item = new LinkedHashMap<>();
            form.forEach((key, value) -> {
                if (key.startsWith(itemPrefix)) {
                    item.put(key.substring(itemPrefix.length()), value);
                }
            });
            if (item.isEmpty()) {
                return items;
            }
            items.add(item);
        }
    }

    /** The tags of the TagSpecification for {@code resourceType}. */
    Map<String, String> tags(String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> spec : list("TagSpecification")) {
            if (resourceType.equals(spec.get("ResourceType"))) {
                for (int t = 1; spec.containsKey("Tag." + t + ".Key"); t++) {
                    tags.put(spec.get("Tag." + t + ".Key"), spec.getOrDefault("Tag." + t + ".Value", ""));
                }
            }
        }
        return tags;
    }

    /** Whether {@code tags} and {@code state} pass every {@code Filter.N} (tag:KEY, tag-key, instance-state-name). */
    boolean matches(Map<String, String> tags, String state) {
        for (Map<String, String> filter : list("Filter")) {
            String name = filter.get("Name");
            List<String> accepted = new ArrayList<>();
            for (int v = 1; filter.containsKey("Value." + v); v++) {
                accepted.add(filter.get("Value." + v));
            }
            boolean match;
            if (name.startsWith("tag:")) {
                match = accepted.contains(tags.get(name.substring(4)));
            } else if (name.equals("tag-key")) {
                match = accepted.stream().anyMatch(tags::containsKey);
            } else if (name.equals("instance-state-name") || name.equals("status")) {
                match = accepted.contains(state);
            } else {
                throw AwsError.ec2("InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            if (!match) {
                return false;
            }
        }
        return true;
    }
}
