package io.iotjobs.internal.testkit;

import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.testkit.ThingGroupInfo;
import io.iotjobs.testkit.ThingInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The thing registry of the local service: things, and static thing groups with their hierarchy and members,
 * with the rules of the AWS IoT developer guide's "Static thing groups" page
 * (https://docs.aws.amazon.com/iot/latest/developerguide/thing-groups.html): a group has at most one parent,
 * given when it is created; a thing belongs to at most 10 groups, and to at most one group of each hierarchy.
 *
 * <p>Thread-safe: every call holds the registry's monitor, and never takes another lock while holding it.
 * Membership changes are reported to the {@link Listener} after the monitor is released (job targeting reacts
 * to them with job and thing locks).
 */
public final class Registry {

    /** Most groups a thing may belong to (developer guide, "Static thing groups"). */
    public static final int MAX_GROUPS_PER_THING = 10;
    /**
     * Deepest group hierarchy. UNCONFIRMED: the guide says the depth is limited and points at the service
     * quotas; 7 is the quota the AWS IoT Device Management quotas page lists.
     */
    public static final int MAX_DEPTH = 7;

    private static final int MAX_ATTRIBUTES = 50;

    /** Told about membership changes, outside the registry's monitor. */
    interface Listener {
        /** The thing joined the group (and so every ancestor of it). */
        void joined(String thingName, String groupName);

        /** The thing left the group. */
        void left(String thingName, String groupName);
    }

    private static final class ThingEntry {
        final String name;
        Map<String, String> attributes;
        long version = 1;
        final Set<String> groups = new LinkedHashSet<>();

        ThingEntry(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = Map.copyOf(attributes);
        }
    }

    private final Map<String, ThingEntry> things = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private final GroupTree groups = new GroupTree();

    private final Supplier<Instant> clock;
    private volatile Listener listener = new Listener() {
        @Override
        public void joined(String thingName, String groupName) {}

        @Override
        public void left(String thingName, String groupName) {}
    };

    private final Observers observers;

    Registry(Supplier<Instant> clock, Observers observers) {
        this.clock = clock;
        this.observers = observers;
    }

    void listener(Listener value) {
        this.listener = value;
    }

    private void changed(String name) {
        observers.changed(ServiceObserver.Scope.REGISTRY, name);
    }

    // ----------------------------------------------------------------------------------------------- things

    /**
     * Registers a thing.
     *
     * @param thingName 1–128 characters of {@code [a-zA-Z0-9:_-]}
     * @param attributes at most 50 attributes
     * @return the thing
     * @throws IllegalArgumentException if the name or an attribute is malformed, or the thing exists with other
     *     attributes (creating it again with the same ones returns it, as AWS does)
     */
    public synchronized ThingInfo createThing(String thingName, Map<String, String> attributes) {
        Validation.thingName("thingName", thingName);
        checkAttributes(attributes);
        ThingEntry existing = things.get(thingName);
        if (existing != null) {
            if (!existing.attributes.equals(attributes)) {
                throw ControlError.ALREADY_EXISTS.exception(
                        "thingName: a thing named " + thingName + " already exists with other attributes");
            }
            return info(existing);
        }
        ThingEntry thing = new ThingEntry(thingName, attributes);
        things.put(thingName, thing);
        changed(thingName);
        return info(thing);
    }

    /**
     * A registered thing.
     *
     * @param thingName the name
     * @return the thing, or empty
     */
    public synchronized Optional<ThingInfo> describeThing(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        return Optional.ofNullable(things.get(thingName)).map(Registry::info);
    }

    /**
     * Whether a thing is registered.
     *
     * @param thingName the name
     * @return true if it is
     */
    public synchronized boolean exists(String thingName) {
        return things.containsKey(thingName);
    }

    /**
     * Deletes a thing; it leaves its groups first.
     *
     * @param thingName the name
     * @param expectedVersion the version it must have, or {@code null}
     * @throws IllegalArgumentException if there is no such thing
     * @throws IllegalStateException ({@link ControlError#VERSION_CONFLICT}) if the version does not match
     */
    public void deleteThing(String thingName, Long expectedVersion) {
        List<String> left;
        synchronized (this) {
            ThingEntry thing = requireThing(thingName);
            if (expectedVersion != null && expectedVersion != thing.version) {
                throw ControlError.VERSION_CONFLICT.exception(
                        "expectedVersion: " + expectedVersion + " does not match the thing's version " + thing.version);
            }
            left = new ArrayList<>(thing.groups);
            for (String group : left) {
                groups.get(group).things.remove(thingName);
            }
            things.remove(thingName);
        }
        changed(thingName);
        left.forEach(group -> listener.left(thingName, group));
    }

    /**
     * The registered things, in creation order.
     *
     * @return the names
     */
    public synchronized List<String> listThings() {
        return List.copyOf(things.keySet());
    }

    // ----------------------------------------------------------------------------------------------- groups

    /**
     * Creates a static thing group.
     *
     * @param groupName 1–128 characters of {@code [a-zA-Z0-9:_-]}
     * @param parent the parent group, which must exist, or {@code null}
     * @param description 1–2028 characters, or {@code null}
     * @param attributes at most 50 attributes
     * @return the group
     * @throws IllegalArgumentException if a field is malformed, the parent does not exist
     *     ({@link ControlError#NOT_FOUND}), the hierarchy would be deeper than {@value #MAX_DEPTH}, or a group
     *     of that name exists with another parent ({@link ControlError#ALREADY_EXISTS})
     */
    public synchronized ThingGroupInfo createThingGroup(
            String groupName, String parent, String description, Map<String, String> attributes) {
        Validation.thingName("thingGroupName", groupName);
        if (parent != null) {
            Validation.thingName("parentGroupName", parent);
        }
        if (description != null) {
            Texts.text("thingGroupDescription", description, Texts.MAX_DESCRIPTION);
        }
        checkAttributes(attributes);
        GroupTree.Entry existing = groups.get(groupName);
        if (existing != null) {
            if (!Objects.equals(existing.parent, parent)) {
                throw ControlError.ALREADY_EXISTS.exception(
                        "thingGroupName: a thing group named " + groupName + " already exists with another parent");
            }
            return groups.info(existing);
        }
        if (parent != null) {
            GroupTree.Entry parentGroup = groups.require(parent, "parentGroupName");
            if (groups.ancestors(parentGroup).size() + 2 > MAX_DEPTH) {
                throw ControlError.LIMIT_EXCEEDED.exception(
                        "parentGroupName: a hierarchy of thing groups is at most " + MAX_DEPTH + " deep");
            }
            parentGroup.children.add(groupName);
        }
        GroupTree.Entry group =
                new GroupTree.Entry(groupName, parent, description, attributes, ExecutionRecord.seconds(clock.get()));
        groups.put(group);
        changed(groupName);
        return groups.info(group);
    }

    /**
     * A thing group.
     *
     * @param groupName the name
     * @return the group, or empty
     */
    public synchronized Optional<ThingGroupInfo> describeThingGroup(String groupName) {
        Objects.requireNonNull(groupName, "groupName");
        return Optional.ofNullable(groups.get(groupName)).map(groups::info);
    }

    /**
     * Whether a thing group exists.
     *
     * @param groupName the name
     * @return true if it does
     */
    public synchronized boolean groupExists(String groupName) {
        return groups.contains(groupName);
    }

    /**
     * Deletes a thing group; its things leave it. A group that does not exist is no error (as AWS, whose
     * DeleteThingGroup has no ResourceNotFoundException).
     *
     * @param groupName the name
     * @throws IllegalStateException if the group has child groups (UNCONFIRMED which error AWS gives: the
     *     hierarchy could not stay whole otherwise)
     */
    public void deleteThingGroup(String groupName) {
        Validation.thingName("thingGroupName", groupName);
        List<String> left;
        synchronized (this) {
            GroupTree.Entry group = groups.get(groupName);
            if (group == null) {
                return;
            }
            if (!group.children.isEmpty()) {
                throw ControlError.INVALID.exception("thingGroupName: thing group " + groupName
                        + " still has child groups " + group.children + "; delete them first");
            }
            left = new ArrayList<>(group.things);
            left.forEach(thing -> things.get(thing).groups.remove(groupName));
            if (group.parent != null) {
                groups.get(group.parent).children.remove(groupName);
            }
            groups.remove(groupName);
        }
        changed(groupName);
        left.forEach(thing -> listener.left(thing, groupName));
    }

    /**
     * Every thing group, in creation order.
     *
     * @return the names
     */
    public synchronized List<String> listThingGroups() {
        return groups.names();
    }

    /**
     * Adds a thing to a group. Adding it again does nothing.
     *
     * @param thingName a registered thing
     * @param groupName an existing group
     * @throws IllegalArgumentException if either does not exist ({@link ControlError#NOT_FOUND}), the thing is
     *     in 10 groups already, or in another group of the same hierarchy
     */
    public void addThingToThingGroup(String thingName, String groupName) {
        synchronized (this) {
            ThingEntry thing = requireThing(thingName);
            GroupTree.Entry group = groups.require(groupName, "thingGroupName");
            if (thing.groups.contains(groupName)) {
                return;
            }
            if (thing.groups.size() >= MAX_GROUPS_PER_THING) {
                throw ControlError.INVALID.exception("thingGroupName: thing " + thingName + " is in "
                        + MAX_GROUPS_PER_THING + " groups already, the most a thing may belong to");
            }
            String root = groups.root(group);
            for (String other : thing.groups) {
                if (groups.root(groups.get(other)).equals(root)) {
                    throw ControlError.INVALID.exception("thingGroupName: thing " + thingName + " is in group "
                            + other + " of the same hierarchy (root " + root + "); a thing may be in one group of"
                            + " each hierarchy");
                }
            }
            thing.groups.add(groupName);
            group.things.add(thingName);
        }
        changed(thingName);
        listener.joined(thingName, groupName);
    }

    /**
     * Removes a thing from a group. Removing a thing that is not in it does nothing.
     *
     * @param thingName a registered thing
     * @param groupName an existing group
     * @throws IllegalArgumentException if either does not exist ({@link ControlError#NOT_FOUND})
     */
    public void removeThingFromThingGroup(String thingName, String groupName) {
        synchronized (this) {
            ThingEntry thing = requireThing(thingName);
            GroupTree.Entry group = groups.require(groupName, "thingGroupName");
            if (!thing.groups.remove(groupName)) {
                return;
            }
            group.things.remove(thingName);
        }
        changed(thingName);
        listener.left(thingName, groupName);
    }

    /**
     * The things of a group.
     *
     * @param groupName an existing group
     * @param recursive whether to include the things of its descendants
     * @return the names, each once, in the order they joined (direct members first)
     * @throws IllegalArgumentException if the group does not exist ({@link ControlError#NOT_FOUND})
     */
    public synchronized List<String> listThingsInThingGroup(String groupName, boolean recursive) {
        GroupTree.Entry group = groups.require(groupName, "thingGroupName");
        Set<String> members = new LinkedHashSet<>(group.things);
        if (recursive) {
            for (String child : groups.descendants(group)) {
                members.addAll(groups.get(child).things);
            }
        }
        return List.copyOf(members);
    }

    /**
     * The groups a thing is directly in.
     *
     * @param thingName a registered thing
     * @return the names, in the order it joined them
     * @throws IllegalArgumentException if the thing does not exist ({@link ControlError#NOT_FOUND})
     */
    public synchronized List<String> listThingGroupsForThing(String thingName) {
        return List.copyOf(requireThing(thingName).groups);
    }

    /**
     * Whether a thing is in a group or in one of its descendants.
     *
     * @param thingName the thing
     * @param groupName the group
     * @return true if it is
     */
    public synchronized boolean isMember(String thingName, String groupName) {
        ThingEntry thing = things.get(thingName);
        if (thing == null) {
            return false;
        }
        for (String direct : thing.groups) {
            GroupTree.Entry group = groups.get(direct);
            if (direct.equals(groupName) || groups.ancestors(group).contains(groupName)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private ThingEntry requireThing(String thingName) {
        Validation.thingName("thingName", thingName);
        ThingEntry thing = things.get(thingName);
        if (thing == null) {
            throw ControlError.NOT_FOUND.exception("thingName: no thing named " + thingName + " is registered");
        }
        return thing;
    }

    private static void checkAttributes(Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes: at most " + MAX_ATTRIBUTES + ", got " + attributes.size());
        }
        attributes.forEach((name, value) -> {
            if (!name.matches("[a-zA-Z0-9_.,@/:#-]{1,128}")) {
                throw new IllegalArgumentException("attributes: bad attribute name \"" + name + "\"");
            }
            if (!value.matches("[a-zA-Z0-9_.,@/:#-]{0,800}")) {
                throw new IllegalArgumentException("attributes." + name + ": bad value \"" + value + "\"");
            }
        });
    }

    static String id(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + "/" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static ThingInfo info(ThingEntry thing) {
        return new ThingInfo(thing.name, id("thing", thing.name), thing.attributes, thing.version);
    }
}
