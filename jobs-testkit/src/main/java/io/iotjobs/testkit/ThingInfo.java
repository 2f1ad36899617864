package io.iotjobs.testkit;

import java.util.Map;

/**
 * A thing of the local service's registry, as {@link ThingRegistry#describeThing(String)} reports it.
 *
 * @param thingName the name
 * @param thingId the id the registry gave it (stable for a name)
 * @param attributes its attributes
 * @param version the registry version of the thing, 1 when created
 */
public record ThingInfo(String thingName, String thingId, Map<String, String> attributes, long version) {

    /**
     * A thing.
     *
     * @param thingName the name
     * @param thingId the id
     * @param attributes its attributes (copied)
     * @param version the version
     */
    public ThingInfo {
        attributes = Map.copyOf(attributes);
    }
}
