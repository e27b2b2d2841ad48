package io.switchboard.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The picture in DESIGN.md stays true: features do not reach into each other in circles. */
class ModuleBoundariesTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.switchboard");
    }

    @Test
    void packagesDoNotDependOnEachOtherInCycles() {
        slices().matching("io.switchboard.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEnvelopeKnowsNoFeature() {
        noClasses().that().resideInAPackage("io.switchboard.channel")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.customer..",
                        "io.switchboard.conversation..", "io.switchboard.routing..", "io.switchboard.responder..",
                        "io.switchboard.inbox..", "io.switchboard.delivery..")
                .check(classes);
    }

    @Test
    void customersAndConversationsKnowNothingOfChannelsOrAgents() {
        noClasses().that().resideInAnyPackage("io.switchboard.customer..", "io.switchboard.conversation..")
                .should().dependOnClassesThat().resideInAnyPackage("io.switchboard.channel.(*)..",
                        "io.switchboard.inbox..", "io.switchboard.delivery..", "io.switchboard.routing..",
                        "io.switchboard.responder..")
                .check(classes);
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        Path root = Path.of("src/main/java/io/switchboard");
        try (Stream<Path> dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).filter(dir -> !dir.equals(root)).forEach(dir -> {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.anyMatch(f -> f.toString().endsWith(".java"))) {
                        assertThat(dir.resolve("package-info.java")).as("package-info in %s", dir).exists();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
