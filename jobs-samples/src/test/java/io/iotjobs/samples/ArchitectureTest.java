package io.iotjobs.samples;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layering of the design: the model depends on nothing of ours, the facades never on each other
 * and expose no MQTT-library or JSON-library type, the testkit never uses the facades, and topic strings and
 * JSON handling live only in the core.
 */
class ArchitectureTest {

    private static JavaClasses shipped;

    @BeforeAll
    static void importClasses() {
        shipped = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/jobs-samples/")
                        && !location.contains("/jobs-benchmarks/")
                        && !location.contains("-tests.jar")
                        && !location.contains("/test-classes/"))
                .importPackages("io.iotjobs");
        assertThat(shipped.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
                .as("the import sees every shipped module")
                .contains(
                        "io.iotjobs.model",
                        "io.iotjobs.core",
                        "io.iotjobs.core.spi",
                        "io.iotjobs.v1",
                        "io.iotjobs.v2",
                        "io.iotjobs.testkit",
                        "io.iotjobs.transport.paho3",
                        "io.iotjobs.transport.hivemq");
    }

    @Test
    void theModelDependsOnNoOtherModuleOfOurs() {
        // the model's own internal package (its JSON rules, io.iotjobs.internal.model) is part of jobs-model
        noClasses()
                .that()
                .resideInAnyPackage("io.iotjobs.model..", "io.iotjobs.internal.model..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.iotjobs..")
                        .and(not(resideInAnyPackage("io.iotjobs.model..", "io.iotjobs.internal.model.."))))
                .check(shipped);
    }

    @Test
    void theFacadesNeverDependOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.iotjobs.v1..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.iotjobs.v2..")
                .check(shipped);
        noClasses()
                .that()
                .resideInAPackage("io.iotjobs.v2..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.iotjobs.v1..")
                .check(shipped);
    }

    @Test
    void theFacadesContainNoMqttOrJsonCode() {
        noClasses()
                .that()
                .resideInAnyPackage("io.iotjobs.v1..", "io.iotjobs.v2..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.eclipse.paho..", "com.fasterxml.jackson..")
                .check(shipped);
    }

    @Test
    void publicSignaturesOfTheFacadesExposeNoMqttJsonOrInternalType() {
        classes()
                .that()
                .resideInAnyPackage("io.iotjobs.v1..", "io.iotjobs.v2..")
                .and()
                .arePublic()
                .should(exposeOnlyPublicApiTypes())
                .check(shipped);
    }

    @Test
    void publicSignaturesOfTheCoreAndTheTransportsExposeNoLibraryTypeButTheirWrapMethods() {
        classes()
                .that()
                .resideInAnyPackage("io.iotjobs.core..", "io.iotjobs.transport..")
                .and()
                .arePublic()
                .should(exposeOnlyPublicApiTypes())
                .check(shipped);
    }

    @Test
    void transportsHoldOnlyTheMappingOfTheSpiOntoTheirLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.iotjobs.transport..",
                        "io.iotjobs.internal.paho3..",
                        "io.iotjobs.internal.paho5..",
                        "io.iotjobs.internal.hivemq..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.iotjobs.internal.engine..",
                        "io.iotjobs.internal.codec..",
                        "io.iotjobs.internal.protocol..",
                        "io.iotjobs.v1..",
                        "io.iotjobs.v2..",
                        "io.iotjobs.testkit..",
                        "io.iotjobs.agent..")
                .because(
                        "dispatch, queueing, re-subscription, threads and error mapping are written once above the SPI")
                .check(shipped);
    }

    @Test
    void onlyTheTransportsUseAnMqttClientLibrary() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.iotjobs.internal.paho5..",
                        "io.iotjobs.internal.paho3..",
                        "io.iotjobs.internal.hivemq..",
                        "io.iotjobs.transport..")
                .and()
                .doNotHaveFullyQualifiedName("io.iotjobs.core.MqttConnection")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.eclipse.paho..", "com.hivemq.client..")
                .because("the connection, the engines and the local service work over the transport SPI")
                .check(shipped);
    }

    @Test
    void theTestkitNeverUsesTheFacades() {
        noClasses()
                .that()
                .resideInAnyPackage("io.iotjobs.testkit..", "io.iotjobs.internal.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.iotjobs.v1..", "io.iotjobs.v2..")
                .check(shipped);
    }

    @Test
    void librariesUseOnlyTheLoggingApi() {
        noClasses()
                .that()
                .resideInAnyPackage("io.iotjobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ch.qos.logback..", "org.slf4j.simple..", "org.apache.logging.log4j..")
                .check(shipped);
    }

    @Test
    void jsonHandlingLivesOnlyInTheCodecAndTheModel() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.iotjobs.internal.codec..",
                        "io.iotjobs.model..",
                        "io.iotjobs.internal.model..",
                        "io.iotjobs.internal.testkit..",
                        "io.iotjobs.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..")
                .because(
                        "the codec (with the model's mapper) is the one place that reads and writes JSON (the testkit's HTTP control API "
                                + "reads the AWS control-plane JSON)")
                .check(shipped);
    }

    @Test
    void topicStringsAreSpelledOnlyInTheProtocolTable() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (JavaClass javaClass : shipped) {
            if (javaClass.getPackageName().startsWith("io.iotjobs.internal.protocol")) {
                continue;
            }
            String resource = javaClass.getName().replace('.', '/') + ".class";
            URL url = getClass().getClassLoader().getResource(resource);
            assertThat(url).as(resource).isNotNull();
            try (InputStream in = url.openStream()) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                if (constants.contains("/jobs/") && constants.contains("$aws/things")) {
                    offenders.add(javaClass.getName());
                }
            }
        }
        assertThat(offenders)
                .as("classes that build Jobs topics themselves instead of using the topic table")
                .isEmpty();
    }

    /**
     * No public or protected member exposes an MQTT-library, JSON-library or internal type, but the methods that take
     * the user's own client: {@code wrap}, and the HiveMQ transport's {@code prepare} of the user's client builder.
     */
    private static ArchCondition<JavaClass> exposeOnlyPublicApiTypes() {
        DescribedPredicate<JavaClass> forbidden = DescribedPredicate.describe(
                "an MQTT, JSON or internal type",
                c -> c.getPackageName().startsWith("org.eclipse.paho")
                        || c.getPackageName().startsWith("com.hivemq.client")
                        || c.getPackageName().startsWith("io.netty")
                        || c.getPackageName().startsWith("com.fasterxml.jackson")
                        || c.getPackageName().startsWith("io.iotjobs.internal"));
        return new ArchCondition<>("expose only public API types") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Stream<JavaCodeUnit> members = javaClass.getCodeUnits().stream()
                        .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)
                                || m.getModifiers().contains(JavaModifier.PROTECTED))
                        .filter(m -> !m.getName().equals("wrap") && !m.getName().equals("prepare"));
                members.forEach(m -> {
                    Set<JavaClass> types = new java.util.HashSet<>(m.getRawParameterTypes());
                    types.add(m.getRawReturnType());
                    types.stream()
                            .filter(forbidden)
                            .forEach(t -> events.add(
                                    SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + t.getName())));
                });
                for (JavaField field : javaClass.getFields()) {
                    if (field.getModifiers().contains(JavaModifier.PUBLIC) && forbidden.test(field.getRawType())) {
                        events.add(SimpleConditionEvent.violated(
                                field,
                                field.getFullName() + " exposes "
                                        + field.getRawType().getName()));
                    }
                }
            }
        };
    }
}
