package io.iotjobs.testkit;

import static io.iotjobs.testkit.ControlHttp.ARN;
import static io.iotjobs.testkit.ControlHttp.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry routes of the HTTP control API, on loopback, over a service on the in-memory broker. */
class HttpRegistryTest extends ServiceTestBase {

    private HttpControlApi api;
    private ControlHttp http;

    @BeforeEach
    void startApi() {
        api = HttpControlApi.start(service, 0);
        http = new ControlHttp(api.uri());
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void thingsAndGroupsAsTheAwsIotApiShapesThem() {
        JsonNode thing = http.ok("POST", "/things/dev-1", "{'attributePayload':{'attributes':{'model':'x1'}}}");
        assertThat(thing.path("thingArn").asText()).isEqualTo(ARN + "thing/dev-1");
        assertThat(thing.path("thingId").asText()).isNotEmpty();
        JsonNode described = http.ok("GET", "/things/dev-1", null);
        assertThat(described.path("attributes").path("model").asText()).isEqualTo("x1");
        assertThat(described.path("version").asLong()).isEqualTo(1);
        assertThat(http.ok("GET", "/things", null)
                        .path("things")
                        .get(0)
                        .path("thingName")
                        .asText())
                .isEqualTo("dev-1");

        http.ok("POST", "/thing-groups/fleet", "{'thingGroupProperties':{'thingGroupDescription':'all'}}");
        JsonNode child = http.ok("POST", "/thing-groups/eu", "{'parentGroupName':'fleet'}");
        assertThat(child.path("thingGroupArn").asText()).isEqualTo(ARN + "thinggroup/eu");
        http.ok(
                "PUT",
                "/thing-groups/addThingToThingGroup",
                "{'thingName':'dev-1','thingGroupArn':'" + ARN + "thinggroup/eu'}");

        JsonNode eu = http.ok("GET", "/thing-groups/eu", null);
        assertThat(eu.path("thingGroupMetadata").path("parentGroupName").asText())
                .isEqualTo("fleet");
        assertThat(eu.path("thingGroupMetadata")
                        .path("rootToParentThingGroups")
                        .get(0)
                        .path("groupArn")
                        .asText())
                .isEqualTo(ARN + "thinggroup/fleet");
        assertThat(http.ok("GET", "/thing-groups/fleet", null)
                        .path("thingGroupProperties")
                        .path("thingGroupDescription")
                        .asText())
                .isEqualTo("all");
        assertThat(http.ok("GET", "/thing-groups/fleet/things?recursive=true", null)
                        .path("things"))
                .isEqualTo(json("['dev-1']"));
        assertThat(http.ok("GET", "/thing-groups/fleet/things", null).path("things"))
                .isEmpty();
        assertThat(http.ok("GET", "/things/dev-1/thing-groups", null).path("thingGroups"))
                .isEqualTo(json("[{'groupName':'eu','groupArn':'" + ARN + "thinggroup/eu'}]"));
        assertThat(http.ok("GET", "/thing-groups", null).path("thingGroups")).hasSize(2);

        http.ok("PUT", "/thing-groups/removeThingFromThingGroup", "{'thingName':'dev-1','thingGroupName':'eu'}");
        assertThat(http.ok("GET", "/things/dev-1/thing-groups", null).path("thingGroups"))
                .isEmpty();
        http.ok("DELETE", "/thing-groups/eu", null);
        http.ok("DELETE", "/things/dev-1", null);
        assertError(http.call("GET", "/things/dev-1", null), 404, "ResourceNotFoundException", "thingName:");
    }

    @Test
    void badRegistryRequestsGetAwsErrors() {
        http.ok("POST", "/things/dev-1", null);
        http.ok("POST", "/thing-groups/g1", null);
        assertError(
                http.call("POST", "/thing-groups/g2", "{'parentGroupName':'nope'}"),
                404,
                "ResourceNotFoundException",
                "parentGroupName:");
        assertError(
                http.call("PUT", "/thing-groups/addThingToThingGroup", "{'thingName':'ghost','thingGroupName':'g1'}"),
                404,
                "ResourceNotFoundException",
                "thingName:");
        assertError(
                http.call("PUT", "/thing-groups/addThingToThingGroup", "{'thingName':'dev-1'}"),
                400,
                "InvalidRequestException",
                "thingGroupName:");
        assertError(
                http.call(
                        "PUT",
                        "/thing-groups/addThingToThingGroup",
                        "{'thingName':'dev-1','thingGroupArn':'arn:aws:iot:eu-west-1:1:thing/g1'}"),
                400,
                "InvalidRequestException",
                "thingGroupArn: not a thinggroup ARN");
        assertError(
                http.call("POST", "/things/dev-2", "{'attributePayload':{'attributes':{'n':1}}}"),
                400,
                "InvalidRequestException",
                "attributePayload.attributes.n:");
        assertError(
                http.call("POST", "/things/dev-1", "{'attributePayload':{'attributes':{'n':'other'}}}"),
                409,
                "ResourceAlreadyExistsException",
                "thingName:");
        assertError(
                http.call("DELETE", "/things/dev-1?expectedVersion=7", null),
                409,
                "VersionConflictException",
                "expectedVersion:");
        assertThat(service.registry().listThings()).containsExactly("dev-1");
        assertThat(service.registry().listThingGroupsForThing("dev-1")).isEmpty();
    }
}
