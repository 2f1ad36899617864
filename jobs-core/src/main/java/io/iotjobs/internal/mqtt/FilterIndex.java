package io.iotjobs.internal.mqtt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An immutable snapshot of subscribed filters, indexed for dispatch. A filter whose first three levels are
 * literal can only match topics with the same first three levels (for the Jobs topics,
 * {@code $aws/things/<thing>}), so each incoming message is matched against the filters of its own prefix plus
 * the few filters with a wildcard in those levels, not against every filter of the connection (with 125 things
 * on one connection, a scan of every filter was the top CPU frame of the device clients).
 *
 * @param <E> what is indexed
 */
final class FilterIndex<E> {
    private static final int INDEXED_LEVELS = 3;

    private final Map<String, E[]> byPrefix;
    private final E[] others;

    private FilterIndex(Map<String, E[]> byPrefix, E[] others) {
        this.byPrefix = byPrefix;
        this.others = others;
    }

    static <E> FilterIndex<E> of(Collection<E> entries, Function<E, String> filterOf, IntFunction<E[]> arrays) {
        Map<String, List<E>> grouped = new HashMap<>();
        List<E> others = new ArrayList<>();
        for (E entry : entries) {
            String prefix = prefix(filterOf.apply(entry));
            if (prefix == null || prefix.indexOf('+') >= 0 || prefix.indexOf('#') >= 0) {
                others.add(entry);
            } else {
                grouped.computeIfAbsent(prefix, k -> new ArrayList<>()).add(entry);
            }
        }
        Map<String, E[]> byPrefix = new HashMap<>();
        grouped.forEach((prefix, list) -> {
            list.addAll(others);
            byPrefix.put(prefix, list.toArray(arrays.apply(0)));
        });
        return new FilterIndex<>(byPrefix, others.toArray(arrays.apply(0)));
    }

    /** The entries whose filter may match the topic: those of its prefix, and those with an early wildcard. */
    E[] candidates(String topic) {
        String prefix = prefix(topic);
        E[] group = prefix == null ? null : byPrefix.get(prefix);
        return group != null ? group : others;
    }

    /** The first three levels ({@code a/b/c} of {@code a/b/c/d/e} and of {@code a/b/c}), or null if fewer. */
    private static String prefix(String name) {
        int end = -1;
        for (int level = 1; level < INDEXED_LEVELS; level++) {
            end = name.indexOf('/', end + 1);
            if (end < 0) {
                return null;
            }
        }
        int next = name.indexOf('/', end + 1);
        return next < 0 ? name : name.substring(0, next);
    }
}
