package io.switchboard.responder;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.switchboard.embedding.BgeSmallEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code eval-retrieval}: how often the right article comes first for paraphrased customer questions,
 * per language, by words alone (BM25), by meaning alone (the embedding model) and by both (the hybrid
 * the responders use), on a knowledge folder (the packaged sample when none is given). The question
 * files are CSV with {@code text,article}; those kept with the tests ({@code src/test/resources/retrieval/},
 * read from the working directory or the class path) are the default, one per language.
 * Prints one line per language: {@code lang=… questions=… lexical=… semantic=… hybrid=…}.
 */
public final class RetrievalEvaluation {

    static final String USAGE = "usage: eval-retrieval [--knowledge DIR] [--questions LANG=FILE.csv ...]";
    static final List<String> PACKAGED = List.of("en", "es", "fr", "de");

    /** One question and the article that answers it. */
    record Case(String text, String article) {
    }

    /** Share of questions whose article came first, by each way of retrieving. */
    record Scores(String language, int questions, double lexical, double semantic, double hybrid) {
        String line() {
            return String.format(Locale.ROOT, "lang=%s questions=%d lexical=%.3f semantic=%.3f hybrid=%.3f", language,
                    questions, lexical, semantic, hybrid);
        }
    }

    private RetrievalEvaluation() {
    }

    public static void main(String[] args) {
        int status = run(args, BgeSmallEmbeddingModel::instance, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, Supplier<EmbeddingModel> model, PrintStream out, PrintStream err) {
        String knowledge = "";
        var files = new ArrayList<String[]>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length || !List.of("--knowledge", "--questions").contains(args[i])
                    || args[i].equals("--questions") && !args[i + 1].contains("=")) {
                err.println(USAGE);
                return 2;
            }
            if (args[i].equals("--knowledge")) {
                knowledge = args[++i];
            } else {
                files.add(args[++i].split("=", 2));
            }
        }
        try {
            KnowledgeBase base = KnowledgeBase.load(knowledge, model.get());
            if (files.isEmpty()) {
                for (String language : PACKAGED) {
                    out.println(evaluate(base, language, packaged(language)).line());
                }
            } else {
                for (String[] file : files) {
                    out.println(evaluate(base, file[0], read(Files.newBufferedReader(Path.of(file[1]),
                            StandardCharsets.UTF_8))).line());
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("eval-retrieval failed: " + e.getMessage());
            return 1;
        }
    }

    static Scores evaluate(KnowledgeBase base, String language, List<Case> cases) {
        return new Scores(language, cases.size(),
                firstRight(cases, c -> base.lexical(c.text(), language, 1)),
                firstRight(cases, c -> base.semantic(c.text(), language, 1)),
                firstRight(cases, c -> base.hybrid(c.text(), language, 1)));
    }

    private static double firstRight(List<Case> cases, Function<Case, List<KnowledgeBase.Ranked>> retrieve) {
        long right = cases.stream().filter(c -> {
            List<KnowledgeBase.Ranked> found = retrieve.apply(c);
            return !found.isEmpty() && found.get(0).articleId().equals(c.article());
        }).count();
        return cases.isEmpty() ? 0 : (double) right / cases.size();
    }

    /** The questions kept with the tests for a language: {@code src/test/resources/retrieval/<lang>.csv}. */
    static List<Case> packaged(String language) throws IOException {
        Path file = Path.of("src/test/resources/retrieval", language + ".csv");
        if (Files.isRegularFile(file)) {
            return read(Files.newBufferedReader(file, StandardCharsets.UTF_8));
        }
        InputStream in = RetrievalEvaluation.class.getResourceAsStream("/retrieval/" + language + ".csv");
        if (in == null) {
            throw new IOException("no questions for " + language + " in " + file + ": run from the repository, or "
                    + "give them with --questions " + language + "=FILE.csv");
        }
        return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    static List<Case> read(Reader reader) throws IOException {
        try (reader) {
            var cases = new ArrayList<Case>();
            for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
                cases.add(new Case(row.get("text"), row.get("article")));
            }
            return cases;
        }
    }
}
