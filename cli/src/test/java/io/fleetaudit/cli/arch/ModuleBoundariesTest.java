package io.fleetaudit.cli.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of STYLE.md, enforced on the compiled main classes of every module on the CLI's classpath. */
class ModuleBoundariesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.fleetaudit");

    @Test
    void shouldSeeEveryModule() {
        // Guards the rules below against passing vacuously on an empty import.
        for (String pkg : new String[] {"io.fleetaudit.agent", "io.fleetaudit.schemas", "io.fleetaudit.contracts", "io.fleetaudit.streams", "io.fleetaudit.cli"}) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
    }

    @Test
    void agentNeverDependsOnKafkaStreams() {
        noClasses().that().resideInAPackage("io.fleetaudit.agent..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..")
                .because("the agent runs on every host: it must stay a small producer, without the streams runtime and RocksDB")
                .check(CLASSES);
    }

    @Test
    void schemasDependOnNothingElseOfOurs() {
        noClasses().that().resideInAnyPackage("io.fleetaudit.schemas..", "io.fleetaudit.contracts..")
                .should().dependOnClassesThat(resideInAPackage("io.fleetaudit..")
                        .and(not(resideInAnyPackage("io.fleetaudit.schemas..", "io.fleetaudit.contracts.."))))
                .because("schemas is the contract every module shares; it must not pull in any other module of ours")
                .check(CLASSES);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("io.fleetaudit.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.fleetaudit.cli..")
                .because("the CLI sits on top: agent, streams and registry must run without it")
                .check(CLASSES);
    }
}
