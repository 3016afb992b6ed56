package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static org.assertj.core.api.Assertions.assertThat;

/** Every rule fails when fed the class planted to break it: no rule can pass vacuously. */
class PlantedViolationsTest {

    private static JavaClasses withPlanted;

    @BeforeAll
    static void importWithPlanted() {
        withPlanted = new ClassFileImporter().importPackages("dev.sluice");
    }

    /** Each clause of the layer rule, with the planted class that breaks it and the class it reaches. */
    @Test
    void everyClauseOfTheLayerRuleCatchesItsPlantedViolation() {
        Map<String, String> clauses = Map.of(
                "bootstrap is accessed by no layer", "StoreAdapterReachingOut.reach(dev.sluice.bootstrap.SluiceConfiguration",
                "the HTTP adapter only by bootstrap", "GatewayAdapterReachingIn.reach(dev.sluice.application.proxy.ProxyProviderRequestUseCase, dev.sluice.adapters.http",
                "the gateway adapter only by bootstrap", "StoreAdapterReachingOut.reach(dev.sluice.bootstrap.SluiceConfiguration, dev.sluice.adapters.gateway",
                "the store adapter only by bootstrap", "AdapterUsingService.reach(dev.sluice.application.gateway.ManageGatewaysService, dev.sluice.adapters.store",
                "services only by bootstrap", "AdapterUsingService.reach(dev.sluice.application.gateway.ManageGatewaysService",
                "in-ports not by outbound adapters", "GatewayAdapterReachingIn.reach(dev.sluice.application.proxy.ProxyProviderRequestUseCase",
                "out-ports not by the inbound adapter", "has parameter of type <dev.sluice.application.log.StoreLogsPort>",
                "the domain only by the layers", "Stray.reach(dev.sluice.domain.gateway.GatewayId)");
        String report = String.join("\n", HexagonRules.LAYERS.evaluate(withPlanted).getFailureReport().getDetails());
        clauses.forEach((clause, offence) -> assertThat(report).as(clause).contains(offence));
    }

    @Test
    void everyRuleCatchesItsPlantedViolation() {
        Map<ArchRule, List<String>> offenders = Map.ofEntries(
                Map.entry(HexagonRules.LAYERS, List.of("AdapterUsingService")),
                Map.entry(HexagonRules.DOMAIN_IS_PLAIN_JAVA, List.of("FrameworkInDomain")),
                Map.entry(HexagonRules.APPLICATION_IS_PLAIN_JAVA, List.of("LonelyService")),
                Map.entry(HexagonRules.IN_PORTS_ARE_USE_CASES, List.of("AdapterUsingService")),
                Map.entry(HexagonRules.OUT_PORTS_ARE_PORTS, List.of("StoreAdapterReachingOut")),
                Map.entry(HexagonRules.SERVICES_IMPLEMENT_USE_CASES, List.of("LonelyService")),
                Map.entry(HexagonRules.NO_CYCLES, List.of("cyclea", "plantedcyclea")),
                Map.entry(HexagonRules.WIRE_TYPES_LIVE_IN_ADAPTERS, List.of("FrameworkInDomain")),
                Map.entry(HexagonRules.NO_FRAMEWORK_IN_THE_CORE, List.of("FrameworkInDomain")),
                Map.entry(HexagonRules.NO_THREADS_IN_THE_CORE,
                        List.of("java.lang.Thread.<init>", "Executors.newSingleThreadExecutor", "CompletableFuture.runAsync")),
                Map.entry(HexagonRules.ADAPTER_CLASSES_ARE_PACKAGE_PRIVATE, List.of("NeedlesslyPublic")),
                Map.entry(NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS, List.of("LonelyService")),
                Map.entry(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS, List.of("LonelyService")),
                Map.entry(NO_CLASSES_SHOULD_USE_FIELD_INJECTION, List.of("LonelyService")),
                Map.entry(NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING, List.of("LonelyService")));
        assertThat(offenders.keySet()).containsExactlyInAnyOrderElementsOf(HexagonRules.all());
        offenders.forEach((rule, expected) -> expected.forEach(offender -> assertThat(
                ArchitectureTest.violates(rule, withPlanted, offender))
                .as("%s catches %s", rule.getDescription(), offender).isTrue()));
    }
}
