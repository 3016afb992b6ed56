package dev.sluice.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every hexagon rule holds for the production code of all modules. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice");
    }

    @Test
    void seesEveryModule() {
        for (String pkg : new String[]{"dev.sluice.domain", "dev.sluice.application", "dev.sluice.adapters.http",
                "dev.sluice.adapters.gateway", "dev.sluice.adapters.store", "dev.sluice.bootstrap"}) {
            assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }

    @TestFactory
    Stream<DynamicTest> rulesHold() {
        return HexagonRules.all().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
    }

    static boolean violates(ArchRule rule, JavaClasses classes, String offender) {
        return rule.evaluate(classes).getFailureReport().getDetails().stream().anyMatch(d -> d.contains(offender));
    }
}
