package io.pilotlight.store;

import java.util.regex.Pattern;

/** The rule every object key follows, checked by every store before it touches anything. */
public final class ObjectKeys {
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9_][a-z0-9._-]*");

    private ObjectKeys() {}

    /** Returns {@code key} if it is valid, else throws naming the key and the rule. */
    public static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("object key '" + key + "' is invalid: segments must be"
                        + " non-empty, use only a-z 0-9 . _ - and not start with '.' or '-'");
            }
        }
        return key;
    }

    /** Returns {@code prefix} if it is a valid list prefix (empty, or a key with optional trailing slash). */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
