package dev.sluice.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
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
 *
 * <p>The application is packaged by feature, so a port is told from a service by what it is, not by its
 * package: an in-port is an interface named {@code …UseCase}, an out-port an interface named
 * {@code …Port}; the values they take and return (and what those are made of), and the application's
 * exceptions (which adapters throw), are port types that any adapter may hold. Everything else in the
 * application (services, stages, their machinery) is a service: only bootstrap may touch it.
 */
final class HexagonRules {

    static final String DOMAIN = "dev.sluice.domain..";
    static final String APPLICATION = "dev.sluice.application..";
    static final String ADAPTERS = "dev.sluice.adapters..";

    static final DescribedPredicate<JavaClass> IN_PORT = DescribedPredicate.describe("in-ports",
            HexagonRules::isUseCase);

    static final DescribedPredicate<JavaClass> OUT_PORT = DescribedPredicate.describe("out-ports",
            HexagonRules::isPort);

    /** The values ports take and return (and what those are made of), and the application's exceptions. */
    static final DescribedPredicate<JavaClass> PORT_TYPE = DescribedPredicate.describe("port types",
            type -> inApplication(type) && !type.isInterface() && (type.isAssignableTo(RuntimeException.class)
                    || partOfAPort(type, new java.util.HashSet<>())));

    static final DescribedPredicate<JavaClass> SERVICE = DescribedPredicate.describe("services",
            type -> inApplication(type) && !IN_PORT.test(type) && !OUT_PORT.test(type) && !PORT_TYPE.test(type));

    /** Adapters see ports and the domain, never each other or the services; only bootstrap sees everything. */
    static final ArchRule LAYERS = Architectures.layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.sluice..")
            .layer("Domain").definedBy(DOMAIN)
            .layer("InPorts").definedBy(IN_PORT)
            .layer("OutPorts").definedBy(OUT_PORT)
            .layer("PortTypes").definedBy(PORT_TYPE)
            .layer("Services").definedBy(SERVICE)
            .layer("HttpAdapter").definedBy("dev.sluice.adapters.http..")
            .layer("GatewayAdapter").definedBy("dev.sluice.adapters.gateway..")
            .layer("StoreAdapter").definedBy("dev.sluice.adapters.store..")
            .layer("Bootstrap").definedBy("dev.sluice.bootstrap..")
            .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
            .whereLayer("HttpAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("GatewayAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("StoreAdapter").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("Services").mayOnlyBeAccessedByLayers("Bootstrap")
            .whereLayer("InPorts").mayOnlyBeAccessedByLayers("Services", "HttpAdapter", "Bootstrap")
            .whereLayer("OutPorts").mayOnlyBeAccessedByLayers("Services", "GatewayAdapter", "StoreAdapter", "Bootstrap")
            .whereLayer("PortTypes").mayOnlyBeAccessedByLayers("InPorts", "OutPorts", "Services", "HttpAdapter",
                    "GatewayAdapter", "StoreAdapter", "Bootstrap")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("InPorts", "OutPorts", "PortTypes", "Services", "HttpAdapter",
                    "GatewayAdapter", "StoreAdapter", "Bootstrap")
            .as("adapters see ports and the domain, never each other or the services; only bootstrap sees all");

    static final ArchRule DOMAIN_IS_PLAIN_JAVA = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
            .as("the domain depends on java.* and itself only");

    static final ArchRule APPLICATION_IS_PLAIN_JAVA = classes().that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, APPLICATION)
            .as("the application depends on java.*, the domain and itself only");

    static final ArchRule IN_PORTS_ARE_USE_CASES = noClasses().that().resideInAPackage("dev.sluice.adapters.http..")
            .should().dependOnClassesThat(DescribedPredicate.describe("application interfaces not named …UseCase",
                    type -> inApplication(type) && type.isInterface() && !isUseCase(type) && !isPort(type)))
            .as("the inbound adapter calls the application through interfaces named …UseCase");

    static final ArchRule OUT_PORTS_ARE_PORTS = noClasses().that().resideInAPackage(ADAPTERS)
            .should().implement(DescribedPredicate.describe("an application interface not named …Port",
                    type -> inApplication(type) && type.isInterface() && !isPort(type)))
            .as("adapters implement application interfaces named …Port");

    static final ArchRule SERVICES_IMPLEMENT_USE_CASES = classes().that().resideInAPackage(APPLICATION)
            .and().haveSimpleNameEndingWith("Service")
            .should().implement(DescribedPredicate.describe("a use case", HexagonRules::isUseCase))
            .as("services implement use cases");

    /** Every package, each application feature among them, is free of cycles. */
    static final ArchRule NO_CYCLES = slices().matching("dev.sluice.(**)").should().beFreeOfCycles();

    static final ArchRule WIRE_TYPES_LIVE_IN_ADAPTERS = classes().that().areAnnotatedWith(Serdeable.class)
            .should().resideInAPackage(ADAPTERS)
            .as("only adapters define wire types; a domain type is never serialized");

    static final ArchRule NO_FRAMEWORK_IN_THE_CORE = noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "io.netty..", "com.fasterxml..",
                    "reactor..", "org.reactivestreams..", "jakarta..")
            .as("no Micronaut, Netty, Jackson or Reactor in the core");

    /**
     * Threads are bootstrap's to make: the core gets a scheduler and thread factories injected. The JDK's
     * hidden threads count too (the common pool behind {@code runAsync}, the delayer behind
     * {@code orTimeout} and {@code delayedExecutor}).
     */
    static final ArchRule NO_THREADS_IN_THE_CORE = noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
            .should().callConstructorWhere(DescribedPredicate.describe("it makes a thread or a pool",
                    call -> call.getTargetOwner().isAssignableTo(Thread.class)
                            || call.getTargetOwner().isAssignableTo(java.util.concurrent.ExecutorService.class)
                            || call.getTargetOwner().isAssignableTo(java.util.Timer.class)))
            .orShould().callMethodWhere(DescribedPredicate.describe("it makes or borrows a thread",
                    call -> call.getTargetOwner().isEquivalentTo(java.util.concurrent.Executors.class)
                            || (call.getTargetOwner().isEquivalentTo(Thread.class)
                            && List.of("ofVirtual", "ofPlatform", "startVirtualThread").contains(call.getName()))
                            || (call.getTargetOwner().isEquivalentTo(java.util.concurrent.CompletableFuture.class)
                            && List.of("runAsync", "supplyAsync", "delayedExecutor", "orTimeout",
                            "completeOnTimeout").contains(call.getName())
                            && call.getTarget().getRawParameterTypes().stream()
                            .noneMatch(p -> p.isAssignableTo(java.util.concurrent.Executor.class)))))
            .as("the core creates no threads: scheduler and thread factories are injected");

    /**
     * An adapter's class is public only when something outside its package needs it: bootstrap wiring it,
     * or another package of the same adapter. Flyway's Java migrations are the exception, as Flyway
     * instantiates them by reflection from its own package, and so are the classes Micronaut generates ({@code $…}).
     */
    static final ArchRule ADAPTER_CLASSES_ARE_PACKAGE_PRIVATE = classes().that().resideInAPackage(ADAPTERS)
            .and().haveModifier(JavaModifier.PUBLIC).and().areTopLevelClasses()
            .and(DescribedPredicate.describe("written by hand",
                    type -> !type.getName().startsWith(type.getPackageName() + ".$")))
            .and().areNotAssignableTo("org.flywaydb.core.api.migration.JavaMigration")
            .should(new ArchCondition<>("be used from outside their package") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean usedOutside = type.getDirectDependenciesToSelf().stream()
                            .map(Dependency::getOriginClass)
                            .anyMatch(origin -> !origin.getPackageName().equals(type.getPackageName()));
                    if (!usedOutside) {
                        events.add(SimpleConditionEvent.violated(type, type.getName()
                                + " is public but nothing outside its package uses it: make it package-private"));
                    }
                }
            })
            .as("adapters' classes are package-private unless bootstrap or another package uses them");

    static List<ArchRule> all() {
        return List.of(LAYERS, DOMAIN_IS_PLAIN_JAVA, APPLICATION_IS_PLAIN_JAVA, IN_PORTS_ARE_USE_CASES,
                OUT_PORTS_ARE_PORTS, SERVICES_IMPLEMENT_USE_CASES, NO_CYCLES, WIRE_TYPES_LIVE_IN_ADAPTERS,
                NO_FRAMEWORK_IN_THE_CORE, NO_THREADS_IN_THE_CORE, ADAPTER_CLASSES_ARE_PACKAGE_PRIVATE,
                NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS, NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS,
                NO_CLASSES_SHOULD_USE_FIELD_INJECTION, NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
    }

    private static boolean inApplication(JavaClass type) {
        return type.getPackageName().startsWith("dev.sluice.application");
    }

    private static boolean isUseCase(JavaClass type) {
        return inApplication(type) && type.isInterface() && type.getSimpleName().endsWith("UseCase");
    }

    private static boolean isPort(JavaClass type) {
        return inApplication(type) && type.isInterface() && type.getSimpleName().endsWith("Port");
    }

    /**
     * Whether a port interface, or a port type, depends on {@code type} (it appears in a signature, a record
     * component, a type argument), so an adapter may hold one. Nested types count as their outer type.
     */
    private static boolean partOfAPort(JavaClass type, java.util.Set<String> seen) {
        JavaClass outer = type.getEnclosingClass().orElse(type);
        if (!seen.add(outer.getName())) {
            return false;
        }
        return outer.getDirectDependenciesToSelf().stream().map(Dependency::getOriginClass)
                .map(origin -> origin.getEnclosingClass().orElse(origin))
                .filter(origin -> !origin.equals(outer))
                .anyMatch(origin -> isUseCase(origin) || isPort(origin)
                        || (inApplication(origin) && !origin.isInterface() && partOfAPort(origin, seen)));
    }

    private HexagonRules() {
    }
}
