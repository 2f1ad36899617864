package io.iotjobs.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A static thing group of the local service's registry, as {@link ThingRegistry#describeThingGroup(String)}
 * reports it.
 *
 * @param groupName the name
 * @param groupId the id the registry gave it (stable for a name)
 * @param parentGroupName its parent, if it has one
 * @param rootToParent its ancestors, from the root to the parent (empty for a root group)
 * @param description its description, if any
 * @param attributes its attributes
 * @param createdAt when it was created (service time, to the second)
 * @param version the registry version of the group, 1 when created
 */
public record ThingGroupInfo(
        String groupName,
        String groupId,
        Optional<String> parentGroupName,
        List<String> rootToParent,
        Optional<String> description,
        Map<String, String> attributes,
        Instant createdAt,
        long version) {

    /**
     * A group.
     *
     * @param groupName the name
     * @param groupId the id
     * @param parentGroupName the parent
     * @param rootToParent the ancestors (copied)
     * @param description the description
     * @param attributes the attributes (copied)
     * @param createdAt the creation time
     * @param version the version
     */
    public ThingGroupInfo {
        rootToParent = List.copyOf(rootToParent);
        attributes = Map.copyOf(attributes);
    }
}
