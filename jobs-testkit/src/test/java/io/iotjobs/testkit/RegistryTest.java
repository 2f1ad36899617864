package io.iotjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The thing registry and static thing groups through the Java API, and the strict mode of the service. */
class RegistryTest extends ServiceTestBase {

    private ThingRegistry registry() {
        return service.registry();
    }

    @Test
    void thingsAreRegisteredDescribedListedAndDeleted() {
        ThingInfo created = registry().createThing("dev-1", Map.of("model", "x1"));

        assertThat(created.version()).isEqualTo(1);
        assertThat(registry().createThing("dev-1", Map.of("model", "x1")))
                .as("same again")
                .isEqualTo(created);
        assertThatThrownBy(() -> registry().createThing("dev-1", Map.of("model", "x2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("thingName:");
        assertThat(registry().describeThing("dev-1")).contains(created);
        assertThat(registry().listThings()).containsExactly("dev-1");

        registry().deleteThing("dev-1");

        assertThat(registry().describeThing("dev-1")).isEmpty();
        assertThatThrownBy(() -> registry().deleteThing("dev-1")).hasMessageStartingWith("thingName: no thing");
    }

    @Test
    void groupsFormAHierarchyAndListTheirThingsRecursively() {
        registry().createThingGroup("fleet");
        registry().createThingGroup("eu", Optional.of("fleet"));
        ThingGroupInfo paris = registry().createThingGroup("paris", Optional.of("eu"));
        registry().createThing("d1");
        registry().createThing("d2");
        registry().addThingToThingGroup("d1", "fleet");
        registry().addThingToThingGroup("d2", "paris");

        assertThat(paris.rootToParent()).containsExactly("fleet", "eu");
        assertThat(paris.parentGroupName()).contains("eu");
        assertThat(registry().listThingsInThingGroup("fleet", false)).containsExactly("d1");
        assertThat(registry().listThingsInThingGroup("fleet", true)).containsExactly("d1", "d2");
        assertThat(registry().listThingGroupsForThing("d2")).containsExactly("paris");

        registry().removeThingFromThingGroup("d2", "paris");
        assertThat(registry().listThingsInThingGroup("fleet", true)).containsExactly("d1");
    }

    @Test
    void badRegistryCallsNameTheFieldAndChangeNothing() {
        registry().createThingGroup("root");
        registry().createThingGroup("a", Optional.of("root"));
        registry().createThingGroup("b", Optional.of("root"));
        registry().createThing("d1");
        registry().addThingToThingGroup("d1", "a");

        assertThatThrownBy(() -> registry().createThingGroup("x", Optional.of("nope")))
                .hasMessageStartingWith("parentGroupName: no thing group");
        assertThatThrownBy(() -> registry().createThingGroup("bad/name")).hasMessageStartingWith("thingGroupName:");
        assertThatThrownBy(() -> registry().addThingToThingGroup("d1", "b"))
                .as("one group per hierarchy")
                .hasMessageContaining("same hierarchy");
        assertThatThrownBy(() -> registry().addThingToThingGroup("ghost", "a"))
                .hasMessageStartingWith("thingName: no thing");
        assertThatThrownBy(() -> registry().deleteThingGroup("root")).hasMessageContaining("child groups");
        assertThat(registry().listThingGroupsForThing("d1")).containsExactly("a");
        assertThat(registry().describeThingGroup("root")).isPresent();
    }

    @Test
    void aThingIsInAtMostTenGroupsAndTheHierarchyAtMostSevenDeep() {
        registry().createThing("d1");
        for (int i = 0; i < 11; i++) {
            registry().createThingGroup("g" + i);
        }
        for (int i = 0; i < 10; i++) {
            registry().addThingToThingGroup("d1", "g" + i);
        }
        assertThatThrownBy(() -> registry().addThingToThingGroup("d1", "g10")).hasMessageContaining("10 groups");

        String parent = "level1";
        registry().createThingGroup(parent);
        for (int level = 2; level <= 7; level++) {
            registry().createThingGroup("level" + level, Optional.of(parent));
            parent = "level" + level;
        }
        String deepest = parent;
        assertThatThrownBy(() -> registry().createThingGroup("level8", Optional.of(deepest)))
                .hasMessageContaining("7 deep");
    }

    @Test
    void strictModeRefusesUnregisteredThingsOnMqttAndAsTargets() {
        LocalJobsService strict = newService(b -> b.strictThings(true));
        strict.registry().createThing("known");
        assertThatThrownBy(() -> strict.control()
                        .createJob(JobSpec.builder("j1")
                                .targets("known", "unknown")
                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targetThingNames[1]:");
        assertThat(strict.control().listJobs()).isEmpty();
        service.close(); // only the strict service answers now

        RawDevice unknown = device("unknown");
        assertThat(unknown.request("get", "{'clientToken':'c1'}")
                        .json
                        .path("code")
                        .asText())
                .isEqualTo("ResourceNotFound");
        RawDevice known = device("known");
        assertThat(known.request("get", "{}").suffix).isEqualTo("get/accepted");
        assertThat(List.of(strict.registry().listThings())).hasSize(1);
    }
}
