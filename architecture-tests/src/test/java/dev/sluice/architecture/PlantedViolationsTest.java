package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void everyRuleCatchesItsPlantedViolation() {
        Map<ArchRule, String> offenders = Map.ofEntries(
                Map.entry(HexagonRules.LAYERS, "AdapterUsingService"),
                Map.entry(HexagonRules.DOMAIN_IS_PLAIN_JAVA, "FrameworkInDomain"),
                Map.entry(HexagonRules.APPLICATION_IS_PLAIN_JAVA, "LonelyService"),
                Map.entry(HexagonRules.IN_PORTS_ARE_USE_CASES, "GatewayLister"),
                Map.entry(HexagonRules.OUT_PORTS_ARE_PORTS, "GatewayLoader"),
                Map.entry(HexagonRules.SERVICES_IMPLEMENT_USE_CASES, "LonelyService"),
                Map.entry(HexagonRules.NO_CYCLES, "cyclea"),
                Map.entry(HexagonRules.WIRE_TYPES_LIVE_IN_ADAPTERS, "FrameworkInDomain"),
                Map.entry(HexagonRules.NO_FRAMEWORK_IN_THE_CORE, "FrameworkInDomain"),
                Map.entry(NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS, "LonelyService"),
                Map.entry(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS, "LonelyService"),
                Map.entry(NO_CLASSES_SHOULD_USE_FIELD_INJECTION, "LonelyService"),
                Map.entry(NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING, "LonelyService"));
        assertThat(offenders.keySet()).containsExactlyInAnyOrderElementsOf(HexagonRules.all());
        offenders.forEach((rule, offender) -> assertThat(ArchitectureTest.violates(rule, withPlanted, offender))
                .as("%s catches %s", rule.getDescription(), offender).isTrue());
    }
}
