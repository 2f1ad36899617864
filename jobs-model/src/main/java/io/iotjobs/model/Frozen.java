package io.iotjobs.model;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Deep copies that make the nested collections of value types truly immutable. Immutables copies a plain
 * {@code Map} attribute, but stores an {@code Optional<Map>} and the lists inside a map by reference; the
 * value types' normalization checks use these copies instead.
 */
final class Frozen {
    private Frozen() {}

    /** An insertion-ordered, unmodifiable map that only this class creates. */
    static final class FrozenMap<K, V> extends AbstractMap<K, V> {
        private final Map<K, V> entries;

        private FrozenMap(Map<K, V> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Entry<K, V>> entrySet() {
            return Collections.unmodifiableMap(entries).entrySet();
        }

        @Override
        public V get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /**
     * Whether an optional status-details map is already frozen (or absent).
     *
     * @param details the attribute
     * @return true when no copy is needed
     */
    static boolean isFrozen(Optional<Map<String, String>> details) {
        return details.isEmpty() || details.get() instanceof FrozenMap;
    }

    /**
     * A frozen copy of a status-details map; null keys or values are rejected naming the field.
     *
     * @param details the map
     * @return the copy
     */
    static Optional<Map<String, String>> statusDetails(Optional<Map<String, String>> details) {
        if (isFrozen(details)) {
            return details;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        details.get().forEach((key, value) -> {
            Objects.requireNonNull(key, "statusDetails: null key");
            Objects.requireNonNull(value, () -> "statusDetails." + key + ": null value");
            copy.put(key, value);
        });
        return Optional.of(new FrozenMap<>(copy));
    }

    /** An unmodifiable list that only this class creates. */
    static final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
        private final List<E> elements;

        private FrozenList(List<E> elements) {
            this.elements = elements;
        }

        @Override
        public E get(int index) {
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }
    }

    /**
     * Whether every list of a map is a frozen copy already (Immutables copies the map itself).
     *
     * @param jobs the map
     * @return true when no copy is needed
     */
    static boolean isFrozen(Map<JobStatus, List<JobExecutionSummary>> jobs) {
        for (List<JobExecutionSummary> list : jobs.values()) {
            if (!(list instanceof FrozenList)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A frozen copy of a status-to-summaries map, its lists copied too.
     *
     * @param jobs the map
     * @return the copy
     */
    static Map<JobStatus, List<JobExecutionSummary>> jobs(Map<JobStatus, List<JobExecutionSummary>> jobs) {
        Map<JobStatus, List<JobExecutionSummary>> copy = new LinkedHashMap<>();
        jobs.forEach((status, list) ->
                copy.put(status, list instanceof FrozenList ? list : new FrozenList<>(List.copyOf(list))));
        return copy;
    }
}
