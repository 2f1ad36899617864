package io.iotjobs.internal.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotjobs.internal.testkit.LifecycleEvents;
import java.util.EnumMap;
import java.util.Map;

/**
 * The event configurations of the AWS IoT control plane: UpdateEventConfigurations
 * ({@code PATCH /event-configurations}) and DescribeEventConfigurations ({@code GET /event-configurations})
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_UpdateEventConfigurations.html). Every event type is
 * kept; only JOB and JOB_EXECUTION events are published by the local service.
 */
final class EventRoutes {

    private final LifecycleEvents events;

    EventRoutes(LifecycleEvents events) {
        this.events = events;
    }

    void addTo(Router router) {
        router.add("PATCH", "event-configurations", "UpdateEventConfigurations", this::update)
                .add("GET", "event-configurations", "DescribeEventConfigurations", this::describe);
    }

    private JsonNode update(HttpCall call) {
        Body configurations = Body.of(call.body()).requiredObject("eventConfigurations");
        Map<LifecycleEvents.Type, Boolean> changes = new EnumMap<>(LifecycleEvents.Type.class);
        for (LifecycleEvents.Type type : LifecycleEvents.Type.values()) {
            Body configuration = configurations.object(type.name());
            if (configuration != null) {
                Boolean enabled = configuration.bool("Enabled");
                if (enabled != null) {
                    changes.put(type, enabled);
                }
            }
        }
        changes.forEach(events::enable);
        return Json.NODES.objectNode();
    }

    private JsonNode describe(HttpCall call) {
        ObjectNode answer = Json.NODES.objectNode();
        ObjectNode configurations = answer.putObject("eventConfigurations");
        for (LifecycleEvents.Type type : LifecycleEvents.Type.values()) {
            configurations.putObject(type.name()).put("Enabled", events.enabled(type));
        }
        return answer;
    }
}
