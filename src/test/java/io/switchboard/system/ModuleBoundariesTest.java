package io.switchboard.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The picture in DESIGN.md stays true: the envelope at the bottom knows nothing, the core
 * (customers, conversation memory, routing, responder, delivery, inbox) knows no provider adapter,
 * and the dependencies that must never exist do not, nor any cycle.
 */
class ModuleBoundariesTest {

    private static final String CHANNELS = "io.switchboard.channel..";
    private static final String MEMORY = "io.switchboard.conversation..";
    private static final String CUSTOMER = "io.switchboard.customer..";
    private static final String ROUTING = "io.switchboard.routing..";
    private static final String RESPONDER = "io.switchboard.responder..";
    private static final String INBOX = "io.switchboard.inbox..";
    private static final String ENVELOPE = "io.switchboard.envelope..";

    /** Each "never" with the reason it is there. */
    static final List<ArchRule> NEVER = List.of(
            never(MEMORY, CHANNELS, "the conversation memory holds turns of any channel and knows none"),
            never(CUSTOMER, CHANNELS, "a customer is the same person on every channel"),
            never(ROUTING, INBOX, "routing decides who answers; the inbox offers its queues through QueueCatalog"),
            never(RESPONDER, INBOX, "the AI answers from knowledge, not from the agents' tools"),
            never(MEMORY, RESPONDER, "the memory does not know who answers"),
            never(MEMORY, INBOX, "the memory does not know the agents' inbox"),
            noClasses().that().resideOutsideOfPackage(CHANNELS).should().dependOnClassesThat().resideInAPackage(CHANNELS)
                    .because("provider adapters reach the core through envelopes and its beans, never the other way"),
            noClasses().that().resideInAPackage(ENVELOPE).should().dependOnClassesThat()
                    .resideOutsideOfPackages(ENVELOPE, "java..")
                    .because("the envelope is the bottom every package and connector shares"));

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.switchboard");
    }

    private static ArchRule never(String from, String to, String because) {
        return noClasses().that().resideInAPackage(from).should().dependOnClassesThat().resideInAPackage(to)
                .because(because);
    }

    @Test
    void noForbiddenDependencyExists() {
        NEVER.forEach(rule -> rule.check(classes));
    }

    /**
     * Each rule refuses a class that breaks it: the examples in this test tree (one per package,
     * {@code BoundaryViolationExample}) each import what their package must never import.
     */
    @Test
    void everyRuleRefusesAForbiddenImport() {
        JavaClasses examples = new ClassFileImporter().importClasses(
                io.switchboard.conversation.BoundaryViolationExample.class,
                io.switchboard.customer.BoundaryViolationExample.class,
                io.switchboard.routing.BoundaryViolationExample.class,
                io.switchboard.responder.BoundaryViolationExample.class,
                io.switchboard.delivery.BoundaryViolationExample.class,
                io.switchboard.envelope.BoundaryViolationExample.class);
        for (ArchRule rule : NEVER) {
            assertThat(rule.evaluate(examples).hasViolation()).as(rule.getDescription()).isTrue();
        }
    }

    @Test
    void packagesDoNotDependOnEachOtherInCycles() {
        slices().matching("io.switchboard.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void customersAndConversationsKnowNothingOfWhoAnswersOrHowItIsSent() {
        noClasses().that().resideInAnyPackage(CUSTOMER, MEMORY)
                .should().dependOnClassesThat().resideInAnyPackage(INBOX, "io.switchboard.delivery..", ROUTING,
                        RESPONDER)
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
