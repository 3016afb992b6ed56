package dev.sluice.architecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The hexagon as rules. Each rule is checked against the production code and, in
 * {@code PlantedViolationsTest}, against classes that break it on purpose, so none can pass vacuously.
 */
final class HexagonRules {

    static final String DOMAIN = "dev.sluice.domain..";
    static final String IN_PORTS = "dev.sluice.application.port.in..";
    static final String OUT_PORTS = "dev.sluice.application.port.out..";
    static final String SERVICES = "dev.sluice.application.service..";

    /**
     * Adapters see ports and the domain, never each other or the services; only bootstrap sees everything.
     * The gateway adapter may call in-ports: the dashboard's in-process gateway adapter drives Sluice's own
     * pipeline through its use case, as an HTTP client would through the URL.
     */
    static final ArchRule LAYERS = Architectures.layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.sluice..")
            .layer("Domain").definedBy(DOMAIN)
            .layer("InPorts").definedBy(IN_PORTS)
            .layer("OutPorts").definedBy(OUT_PORTS)
            .layer("Services").definedBy(SERVICES)
            .layer("HttpAdapter").definedBy("dev.sluice.adapters.http..")
            .layer("GatewayAdapter").definedBy("dev.sluice.adapters.gateway..")
            .layer("StoreAdapter").definedBy("dev.sluice.adapters.store..")
            .layer("Bootstrap").definedBy("dev.sluice.bootstrap..")
            .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("HttpAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("GatewayAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("StoreAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("InPorts").mayOnlyBeAccessedByLayers("Services", "HttpAdapter", "GatewayAdapter", "Bootstrap")
            .whereLayer("OutPorts").mayOnlyBeAccessedByLayers("Services", "GatewayAdapter", "StoreAdapter", "Bootstrap")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("InPorts", "OutPorts", "Services", "HttpAdapter",
                    "GatewayAdapter", "StoreAdapter", "Bootstrap");

    static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
            .as("the domain depends on java.* and itself only");

    static final ArchRule APPLICATION_IS_PLAIN_JAVA = classes().that().resideInAPackage("dev.sluice.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, "dev.sluice.application..")
            .as("the application depends on java.*, the domain and itself only");

    static final ArchRule IN_PORTS_ARE_USE_CASES = classes().that().resideInAPackage(IN_PORTS).and().areInterfaces()
            .should().haveSimpleNameEndingWith("UseCase").as("in-ports are named …UseCase");

    static final ArchRule OUT_PORTS_ARE_PORTS = classes().that().resideInAPackage(OUT_PORTS).and().areInterfaces()
            .should().haveSimpleNameEndingWith("Port").as("out-ports are named …Port");

    static final ArchRule SERVICES_IMPLEMENT_USE_CASES = classes().that().resideInAPackage(SERVICES)
            .and().haveSimpleNameEndingWith("Service")
            .should().implement(com.tngtech.archunit.base.DescribedPredicate.describe("a use case",
                    (com.tngtech.archunit.core.domain.JavaClass type) -> type.getSimpleName().endsWith("UseCase")))
            .as("services implement use cases");

    static final ArchRule NO_CYCLES = slices().matching("dev.sluice.(**)").should().beFreeOfCycles();

    static final ArchRule WIRE_TYPES_LIVE_IN_ADAPTERS = classes().that().areAnnotatedWith(Serdeable.class)
            .should().resideInAPackage("dev.sluice.adapters..")
            .as("only adapters define wire types; a domain type is never serialized");

    static final ArchRule NO_FRAMEWORK_IN_THE_CORE = noClasses().that().resideInAnyPackage(DOMAIN, "dev.sluice.application..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.netty..", "com.fasterxml..",
                    "reactor..", "org.reactivestreams..", "jakarta..")
            .as("no Micronaut, Netty, Jackson or Reactor in the core");

    static List<ArchRule> all() {
        return List.of(LAYERS, DOMAIN_IS_PLAIN_JAVA, APPLICATION_IS_PLAIN_JAVA, IN_PORTS_ARE_USE_CASES,
                OUT_PORTS_ARE_PORTS, SERVICES_IMPLEMENT_USE_CASES, NO_CYCLES, WIRE_TYPES_LIVE_IN_ADAPTERS,
                NO_FRAMEWORK_IN_THE_CORE, NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS,
                NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS, NO_CLASSES_SHOULD_USE_FIELD_INJECTION,
                NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
    }

    private HexagonRules() {
    }
}
