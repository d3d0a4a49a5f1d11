package io.stampede.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages of every module's main code form no cycle: each package owns one concept and
 * depends only on packages below it (docs/ARCHITECTURE.md). Read from the compiled classes, so
 * a dependency counts however it is written (an import, a qualified name, a field's type).
 */
class PackageCyclesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stampede");

    @Test
    void everyModuleIsOnTheClassPath() {
        assertThat(MAIN.stream().map(c -> c.getPackageName()).distinct())
                .as("packages of common, worker, coordinator, cli and demo-agent")
                .contains("io.stampede.scenario", "io.stampede.engine", "io.stampede.run", "io.stampede.cli", "io.stampede.demo");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.stampede.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
