package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.testkit.ThingGroupInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static thing groups of the {@link Registry}: each group, its parent, children and direct members, and the
 * walks of the hierarchy. Not thread-safe: the registry's monitor guards it.
 */
final class GroupTree {

    static final class Entry {
        final String name;
        final String parent;
        final String description;
        final Map<String, String> attributes;
        final Instant createdAt;
        final Set<String> things = new LinkedHashSet<>();
        final List<String> children = new ArrayList<>();

        Entry(String name, String parent, String description, Map<String, String> attributes, Instant createdAt) {
            this.name = name;
            this.parent = parent;
            this.description = description;
            this.attributes = Map.copyOf(attributes);
            this.createdAt = createdAt;
        }
    }

    private final Map<String, Entry> groups = new LinkedHashMap<>();

    Entry get(String name) {
        return groups.get(name);
    }

    boolean contains(String name) {
        return groups.containsKey(name);
    }

    void put(Entry group) {
        groups.put(group.name, group);
    }

    void remove(String name) {
        groups.remove(name);
    }

    List<String> names() {
        return List.copyOf(groups.keySet());
    }

    List<String> ancestors(Entry group) {
        List<String> chain = new ArrayList<>();
        for (String p = group.parent; p != null; p = groups.get(p).parent) {
            chain.add(0, p);
        }
        return chain;
    }

    String root(Entry group) {
        List<String> chain = ancestors(group);
        return chain.isEmpty() ? group.name : chain.get(0);
    }

    List<String> descendants(Entry group) {
        List<String> all = new ArrayList<>();
        for (String child : group.children) {
            all.add(child);
            all.addAll(descendants(groups.get(child)));
        }
        return all;
    }

    Entry require(String groupName, String field) {
        Validation.thingName(field, groupName);
        Entry group = groups.get(groupName);
        if (group == null) {
            throw ControlError.NOT_FOUND.exception(field + ": no thing group named " + groupName);
        }
        return group;
    }

    ThingGroupInfo info(Entry group) {
        return new ThingGroupInfo(
                group.name,
                Registry.id("thinggroup", group.name),
                Optional.ofNullable(group.parent),
                ancestors(group),
                Optional.ofNullable(group.description),
                group.attributes,
                group.createdAt,
                1);
    }
}
