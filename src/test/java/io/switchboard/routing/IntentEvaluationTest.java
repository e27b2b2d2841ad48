package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentEvaluationTest {

    static EmbeddingModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        model = BgeSmallEmbeddingModel.instance();
    }

    @Test
    void scoresCountAbstentionsAsWrongAndOutOfScopeRowsApart() {
        List<String> gold = List.of("a", "a", "b", "b", "oos");
        List<Classification> predicted = List.of(accepted("a"), abstained("a"), accepted("b"), accepted("a"),
                abstained("b"));

        var scores = IntentEvaluation.Scores.of(gold, predicted, "oos");

        // a: 1 true positive, 1 false positive, 1 false negative -> F1 0.5; b: 1, 0, 1 -> 2/3
        assertThat(scores.line(12.34)).isEqualTo(
                "accuracy=0.5000 macro_f1=0.5833 abstain_rate=0.2500 oos_recall=1.0000 per_second=12.3");
        assertThat(IntentEvaluation.Scores.of(gold.subList(0, 4), predicted.subList(0, 4), null).line(1))
                .contains("oos_recall=n/a");
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        Path file = write("data.csv", "text,category\r\n"
                + "\"Hi, where is my card?\",card_arrival\r\n"
                + "\"She said \"\"wait\"\"\nthen nothing\",card_arrival\n"
                + "plain text,other\n");

        assertThat(LabelledCsv.read(file)).containsExactly(
                new LabelledCsv.Row("Hi, where is my card?", "card_arrival"),
                new LabelledCsv.Row("She said \"wait\"\nthen nothing", "card_arrival"),
                new LabelledCsv.Row("plain text", "other"));
    }

    @Test
    void theCommandTrainsOnTrainClassifiesTestAndEndsWithTheFigures() throws IOException {
        StringBuilder train = new StringBuilder("text,category\n");
        IntentClassifierTest.EXAMPLES.forEach((intent, examples) ->
                examples.forEach(e -> train.append('"').append(e.replace("\"", "\"\"")).append("\",").append(intent).append('\n')));
        train.append("\"Who painted the Mona Lisa, by the way?\",oos\n");
        Path trainFile = write("train.csv", train.toString());
        Path testFile = write("test.csv", "text,category\n"
                + "\"Where is my order, it has not arrived\",order_status\n"
                + "\"I forgot my password, help\",reset_password\n"
                + "Please cancel my subscription,cancel_subscription\n"
                + "\"I moved, update my address\",update_address\n"
                + "\"What is the capital of France?\",oos\n");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int status = IntentEvaluation.run(new String[] {"--train", trainFile.toString(), "--test", testFile.toString(),
                "--out-of-scope-label", "oos", "--wording-alone", "0.6"}, () -> model,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("train: 40 examples, 4 intents"));
        assertThat(lines).anyMatch(l -> l.matches("classify: 5 messages, .*; \\d decided by the n-gram head alone "
                + "\\(above 0\\.60\\), the rest embedded"));
        assertThat(lines.get(lines.size() - 1)).matches(
                "accuracy=1\\.0000 macro_f1=1\\.0000 abstain_rate=0\\.0000 oos_recall=1\\.0000 per_second=\\d+\\.\\d");
    }

    @Test
    void heldOutIntentsAreNeverTrainedOnAndTheirTestRowsAreOutOfScope() {
        var train = new java.util.ArrayList<LabelledCsv.Row>();
        for (String intent : List.of("a", "b", "c", "d", "e")) {
            for (int i = 0; i < 20; i++) {
                train.add(new LabelledCsv.Row(intent + " example " + i, intent));
            }
        }
        var test = List.of(new LabelledCsv.Row("a?", "a"), new LabelledCsv.Row("b?", "b"), new LabelledCsv.Row("c?", "c"),
                new LabelledCsv.Row("d?", "d"), new LabelledCsv.Row("e?", "e"));

        var split = IntentEvaluation.Split.of(train, test, 0, 2, 5, "oos");
        assertThat(split.heldOut()).hasSize(2).isSorted()
                .isEqualTo(IntentEvaluation.Split.of(train, test, 0, 2, 5, "oos").heldOut()).as("the seed decides");
        assertThat(split.examples().keySet()).hasSize(3).doesNotContainAnyElementsOf(split.heldOut());
        assertThat(split.examples().values()).allSatisfy(rows -> assertThat(rows).hasSize(20));
        assertThat(split.test()).hasSize(5).filteredOn(r -> r.category().equals("oos")).extracting(LabelledCsv.Row::text)
                .containsExactlyInAnyOrderElementsOf(split.heldOut().stream().map(i -> i + "?").toList());

        var dev = IntentEvaluation.Split.of(train, null, 0.25, 2, 5, "oos");
        assertThat(dev.test()).as("the held-out intents' 40 rows and about a quarter of the others' 60")
                .hasSizeBetween(40 + 8, 40 + 25).filteredOn(r -> r.category().equals("oos")).hasSize(40);
        int trained = dev.examples().values().stream().mapToInt(List::size).sum();
        assertThat(trained + dev.test().size()).as("each row either trains or tests").isEqualTo(100);
        assertThat(dev.test()).noneMatch(r -> dev.examples().getOrDefault(r.category(), List.of()).contains(r.text()));
    }

    @Test
    void aWordingAloneAboveOneIsRefusedWithTheReason() {
        var err = new ByteArrayOutputStream();

        int status = IntentEvaluation.run(new String[] {"--train", "x.csv", "--test", "y.csv", "--wording-alone", "2"},
                () -> model, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("wording-alone must be between 0 and 1");
    }

    @Test
    void aMissingOptionPrintsTheUsage() {
        var err = new ByteArrayOutputStream();

        int status = IntentEvaluation.run(new String[] {"--train", "x.csv"}, () -> model, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: eval-intents");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static Classification accepted(String intent) {
        return new Classification(intent, 0.9, intent, false);
    }

    private static Classification abstained(String best) {
        return new Classification(null, 0.1, best, true);
    }
}
