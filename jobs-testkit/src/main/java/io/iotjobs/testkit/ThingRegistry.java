package io.iotjobs.testkit;

import io.iotjobs.internal.testkit.Registry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The thing registry of the local Jobs service: things and static thing groups, standing in for the registry
 * part of the AWS IoT control plane. Jobs may target groups (see {@link JobSpec.Builder#targetGroups}); a thing
 * that joins a group a CONTINUOUS job targets gets an execution of it, and a thing that leaves such a group
 * while its execution is QUEUED sees it REMOVED. Get it from {@link LocalJobsService#registry()}.
 *
 * <p>The rules are those of the AWS IoT developer guide
 * (https://docs.aws.amazon.com/iot/latest/developerguide/thing-groups.html): a group's parent is given when it is
 * created and never changes; a thing is in at most 10 groups, and in at most one group of each hierarchy.
 * Things need not be registered for the MQTT API or as job targets unless the service was built with
 * {@link LocalJobsService.Builder#strictThings(boolean)}; a thing must be registered to join a group.
 *
 * <p>Calls are synchronous and thread-safe; the events a membership change causes are handed to the MQTT
 * connection before the call returns. Errors: bad input and unknown things or groups throw
 * {@link IllegalArgumentException} with a message that starts with the field at fault.
 */
public final class ThingRegistry {

    private final Registry registry;

    ThingRegistry(Registry registry) {
        this.registry = registry;
    }

    /**
     * Registers a thing; registering it again with the same attributes returns it unchanged.
     *
     * @param thingName 1–128 characters of {@code [a-zA-Z0-9:_-]}
     * @param attributes at most 50 attributes (names {@code [a-zA-Z0-9_.,@/:#-]}, 1–128 characters; values
     *     the same characters, at most 800)
     * @return the thing
     * @throws IllegalArgumentException if a field is malformed, or the thing exists with other attributes
     */
    public ThingInfo createThing(String thingName, Map<String, String> attributes) {
        return registry.createThing(thingName, attributes);
    }

    /**
     * Registers a thing without attributes.
     *
     * @param thingName the name
     * @return the thing
     * @throws IllegalArgumentException as {@link #createThing(String, Map)}
     */
    public ThingInfo createThing(String thingName) {
        return createThing(thingName, Map.of());
    }

    /**
     * Describes a thing.
     *
     * @param thingName the name
     * @return the thing, or empty if it is not registered
     */
    public Optional<ThingInfo> describeThing(String thingName) {
        return registry.describeThing(thingName);
    }

    /**
     * Deletes a thing; it leaves its groups first (with what that means for CONTINUOUS jobs). Its executions stay.
     *
     * @param thingName the name
     * @throws IllegalArgumentException if the thing is not registered
     */
    public void deleteThing(String thingName) {
        registry.deleteThing(thingName, null);
    }

    /**
     * The registered things.
     *
     * @return the names, oldest first
     */
    public List<String> listThings() {
        return registry.listThings();
    }

    /**
     * Creates a static thing group.
     *
     * @param groupName 1–128 characters of {@code [a-zA-Z0-9:_-]}
     * @param parentGroupName the parent, an existing group; or empty for a root group
     * @return the group
     * @throws IllegalArgumentException if a name is malformed, the parent does not exist, the hierarchy would be
     *     deeper than 7, or a group of that name exists with another parent
     */
    public ThingGroupInfo createThingGroup(String groupName, Optional<String> parentGroupName) {
        return registry.createThingGroup(
                groupName,
                Objects.requireNonNull(parentGroupName, "parentGroupName").orElse(null),
                null,
                Map.of());
    }

    /**
     * Creates a root thing group.
     *
     * @param groupName the name
     * @return the group
     * @throws IllegalArgumentException as {@link #createThingGroup(String, Optional)}
     */
    public ThingGroupInfo createThingGroup(String groupName) {
        return createThingGroup(groupName, Optional.empty());
    }

    /**
     * Describes a thing group.
     *
     * @param groupName the name
     * @return the group, or empty if there is none
     */
    public Optional<ThingGroupInfo> describeThingGroup(String groupName) {
        return registry.describeThingGroup(groupName);
    }

    /**
     * Deletes a thing group; its things leave it. Deleting a group that does not exist does nothing.
     *
     * @param groupName the name
     * @throws IllegalArgumentException if the group still has child groups
     */
    public void deleteThingGroup(String groupName) {
        registry.deleteThingGroup(groupName);
    }

    /**
     * Adds a thing to a group: it gets an execution of every CONTINUOUS job that targets the group or one of
     * its ancestors and that it has none of. Adding it again does nothing.
     *
     * @param thingName a registered thing
     * @param groupName an existing group
     * @throws IllegalArgumentException if either does not exist, the thing is in 10 groups already, or in
     *     another group of the same hierarchy
     */
    public void addThingToThingGroup(String thingName, String groupName) {
        registry.addThingToThingGroup(thingName, groupName);
    }

    /**
     * Removes a thing from a group: its QUEUED executions of CONTINUOUS jobs that target the group (and no other
     * group it is still in) become REMOVED. Removing a thing that is not in the group does nothing.
     *
     * @param thingName a registered thing
     * @param groupName an existing group
     * @throws IllegalArgumentException if either does not exist
     */
    public void removeThingFromThingGroup(String thingName, String groupName) {
        registry.removeThingFromThingGroup(thingName, groupName);
    }

    /**
     * The things of a group.
     *
     * @param groupName an existing group
     * @param recursive whether to include the things of its child groups, and theirs
     * @return the names, each once
     * @throws IllegalArgumentException if the group does not exist
     */
    public List<String> listThingsInThingGroup(String groupName, boolean recursive) {
        return registry.listThingsInThingGroup(groupName, recursive);
    }

    /**
     * The groups a thing is directly in.
     *
     * @param thingName a registered thing
     * @return the names
     * @throws IllegalArgumentException if the thing is not registered
     */
    public List<String> listThingGroupsForThing(String thingName) {
        return registry.listThingGroupsForThing(thingName);
    }
}
