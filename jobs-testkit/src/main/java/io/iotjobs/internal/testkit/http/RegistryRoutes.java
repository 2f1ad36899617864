package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.protocol.Validation;
import io.iotjobs.internal.testkit.Registry;
import io.iotjobs.testkit.ThingGroupInfo;
import io.iotjobs.testkit.ThingInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The thing-registry operations of the AWS IoT control plane: CreateThing, DescribeThing, DeleteThing,
 * ListThings, CreateThingGroup, DescribeThingGroup, DeleteThingGroup, ListThingGroups, AddThingToThingGroup,
 * RemoveThingFromThingGroup, ListThingsInThingGroup, ListThingGroupsForThing (paths and JSON of the AWS IoT API
 * reference, for example https://docs.aws.amazon.com/iot/latest/apireference/API_CreateThingGroup.html).
 */
final class RegistryRoutes {

    private final Registry registry;
    private final Arns arns;

    RegistryRoutes(Registry registry, Arns arns) {
        this.registry = registry;
        this.arns = arns;
    }

    void addTo(Router router) {
        router.add("GET", "things", "ListThings", this::listThings)
                .add("POST", "things/{thingName}", "CreateThing", this::createThing)
                .add("GET", "things/{thingName}", "DescribeThing", this::describeThing)
                .add("DELETE", "things/{thingName}", "DeleteThing", this::deleteThing)
                .add("GET", "things/{thingName}/thing-groups", "ListThingGroupsForThing", this::groupsForThing)
                .add("GET", "thing-groups", "ListThingGroups", this::listGroups)
                .add("PUT", "thing-groups/addThingToThingGroup", "AddThingToThingGroup", this::addThing)
                .add("PUT", "thing-groups/removeThingFromThingGroup", "RemoveThingFromThingGroup", this::removeThing)
                .add("POST", "thing-groups/{thingGroupName}", "CreateThingGroup", this::createGroup)
                .add("GET", "thing-groups/{thingGroupName}", "DescribeThingGroup", this::describeGroup)
                .add("DELETE", "thing-groups/{thingGroupName}", "DeleteThingGroup", this::deleteGroup)
                .add("GET", "thing-groups/{thingGroupName}/things", "ListThingsInThingGroup", this::thingsInGroup);
    }

    private JsonNode createThing(HttpCall call) {
        Body body = Body.of(call.body());
        refuse(body, "thingTypeName", "billingGroupName");
        ThingInfo thing = registry.createThing(call.param("thingName"), attributes(body.object("attributePayload")));
        return Json.NODES
                .objectNode()
                .put("thingName", thing.thingName())
                .put("thingArn", arns.thing(thing.thingName()))
                .put("thingId", thing.thingId());
    }

    private JsonNode describeThing(HttpCall call) {
        String name = Fields.thingName(call.param("thingName"));
        ThingInfo thing = registry.describeThing(name)
                .orElseThrow(() -> ApiError.notFound("thingName: no thing named " + name + " is registered"));
        return thingAttribute(thing).put("defaultClientId", thing.thingName()).put("thingId", thing.thingId());
    }

    private JsonNode deleteThing(HttpCall call) {
        String version = call.query("expectedVersion");
        Long expected = null;
        if (version != null) {
            try {
                expected = Long.parseLong(version);
            } catch (NumberFormatException e) {
                throw ApiError.invalid("expectedVersion: must be an integer, got " + version);
            }
        }
        registry.deleteThing(call.param("thingName"), expected);
        return null;
    }

    private JsonNode listThings(HttpCall call) {
        String attribute = call.query("attributeName");
        String value = call.query("attributeValue");
        if (call.query("thingTypeName") != null) {
            throw ApiError.invalid("thingTypeName: thing types are not supported by the local Jobs service");
        }
        List<ObjectNode> things = new ArrayList<>();
        for (String name : registry.listThings()) {
            registry.describeThing(name).ifPresent(thing -> {
                String actual = attribute == null ? null : thing.attributes().get(attribute);
                if (attribute == null || actual != null && (value == null || value.equals(actual))) {
                    things.add(thingAttribute(thing));
                }
            });
        }
        return Fields.page(things, "things", call);
    }

    private JsonNode createGroup(HttpCall call) {
        Body body = Body.of(call.body());
        Body properties = body.object("thingGroupProperties");
        String description = properties == null ? null : properties.text("thingGroupDescription");
        Map<String, String> attributes =
                properties == null ? Map.of() : attributes(properties.object("attributePayload"));
        ThingGroupInfo group = registry.createThingGroup(
                call.param("thingGroupName"), body.text("parentGroupName"), description, attributes);
        return Json.NODES
                .objectNode()
                .put("thingGroupName", group.groupName())
                .put("thingGroupArn", arns.group(group.groupName()))
                .put("thingGroupId", group.groupId());
    }

    private JsonNode describeGroup(HttpCall call) {
        String name = Fields.checked(() -> Validation.thingName("thingGroupName", call.param("thingGroupName")));
        ThingGroupInfo group = registry.describeThingGroup(name)
                .orElseThrow(() -> ApiError.notFound("thingGroupName: no thing group named " + name));
        ObjectNode out = Json.NODES
                .objectNode()
                .put("thingGroupName", group.groupName())
                .put("thingGroupId", group.groupId())
                .put("thingGroupArn", arns.group(group.groupName()))
                .put("version", group.version());
        ObjectNode properties = out.putObject("thingGroupProperties");
        group.description().ifPresent(d -> properties.put("thingGroupDescription", d));
        ObjectNode attributes = properties.putObject("attributePayload").putObject("attributes");
        group.attributes().forEach(attributes::put);
        ObjectNode metadata = out.putObject("thingGroupMetadata");
        group.parentGroupName().ifPresent(p -> metadata.put("parentGroupName", p));
        ArrayNode chain = metadata.putArray("rootToParentThingGroups");
        group.rootToParent().forEach(g -> chain.add(nameAndArn(g)));
        metadata.put("creationDate", group.createdAt().getEpochSecond());
        return out;
    }

    private JsonNode deleteGroup(HttpCall call) {
        registry.deleteThingGroup(call.param("thingGroupName"));
        return null;
    }

    private JsonNode listGroups(HttpCall call) {
        String parent = call.query("parentGroup");
        String prefix = call.query("namePrefixFilter");
        List<ObjectNode> list = new ArrayList<>();
        for (String name : registry.listThingGroups()) {
            registry.describeThingGroup(name).ifPresent(group -> {
                if ((parent == null
                                || group.parentGroupName()
                                        .filter(parent::equals)
                                        .isPresent())
                        && (prefix == null || name.startsWith(prefix))) {
                    list.add(nameAndArn(name));
                }
            });
        }
        return Fields.page(list, "thingGroups", call);
    }

    private JsonNode addThing(HttpCall call) {
        Body body = Body.of(call.body());
        registry.addThingToThingGroup(
                member(body, "thingName", "thingArn", "thing"),
                member(body, "thingGroupName", "thingGroupArn", "thinggroup"));
        return Json.NODES.objectNode();
    }

    private JsonNode removeThing(HttpCall call) {
        Body body = Body.of(call.body());
        registry.removeThingFromThingGroup(
                member(body, "thingName", "thingArn", "thing"),
                member(body, "thingGroupName", "thingGroupArn", "thinggroup"));
        return Json.NODES.objectNode();
    }

    private JsonNode thingsInGroup(HttpCall call) {
        List<JsonNode> names = new ArrayList<>();
        registry.listThingsInThingGroup(call.param("thingGroupName"), Fields.flag(call, "recursive"))
                .forEach(name -> names.add(Json.NODES.textNode(name)));
        return Fields.page(names, "things", call);
    }

    private JsonNode groupsForThing(HttpCall call) {
        List<ObjectNode> list = new ArrayList<>();
        registry.listThingGroupsForThing(call.param("thingName")).forEach(g -> list.add(nameAndArn(g)));
        return Fields.page(list, "thingGroups", call);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private ObjectNode thingAttribute(ThingInfo thing) {
        ObjectNode out = Json.NODES
                .objectNode()
                .put("thingName", thing.thingName())
                .put("thingArn", arns.thing(thing.thingName()))
                .put("version", thing.version());
        ObjectNode attributes = out.putObject("attributes");
        thing.attributes().forEach(attributes::put);
        return out;
    }

    private ObjectNode nameAndArn(String group) {
        return Json.NODES.objectNode().put("groupName", group).put("groupArn", arns.group(group));
    }

    /** A name given by name or by ARN (AddThingToThingGroup and RemoveThingFromThingGroup take either). */
    private static String member(Body body, String nameField, String arnField, String type) {
        String name = body.text(nameField);
        String arn = body.text(arnField);
        if (name == null && arn == null) {
            throw ApiError.invalid(nameField + ": required (or " + arnField + ")");
        }
        String fromArn = arn == null ? null : Arns.name(body.name(arnField), arn, type);
        if (name != null && fromArn != null && !name.equals(fromArn)) {
            throw ApiError.invalid(arnField + ": names " + fromArn + ", but " + nameField + " is " + name);
        }
        return name != null ? name : fromArn;
    }

    private static Map<String, String> attributes(Body payload) {
        if (payload == null) {
            return Map.of();
        }
        Map<String, String> attributes = payload.stringMap("attributes");
        return attributes == null ? Map.of() : attributes;
    }

    private static void refuse(Body body, String... fields) {
        for (String field : fields) {
            if (body.has(field)) {
                throw ApiError.invalid(body.name(field) + ": not supported by the local Jobs service");
            }
        }
    }
}
