package io.switchboard.responder;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The company's knowledge the AI may answer from: Markdown articles (YAML front matter with
 * {@code id}, {@code title}, {@code questions} and optionally {@code topic}, then the answer text), embedded once at start
 * into an in-memory store. Questions are embedded as well as the text because customers ask the way
 * the questions are written, not the way answers are.
 */
public final class KnowledgeBase {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    private static final String PACKAGED = "classpath*:knowledge/*.md";
    private static final int CHUNK_CHARS = 800;
    private static final String ARTICLE = "article";
    private static final String KIND = "kind";

    /**
     * One article.
     *
     * @param topic       what the article is about in the words of a question to the customer ("is this about
     *                    {topic}?"); the title when the front matter has none
     * @param orderAnswer front matter {@code order-answer}: the answer when the message names an order the
     *                    order system knows for this customer, {@code {field}} standing for the order's
     *                    fields ({@code number}, {@code status}, ...); null when the article has none
     */
    public record Article(String id, String title, String topic, List<String> questions, String body,
                          String orderAnswer) {
        public Article {
            Objects.requireNonNull(id, "id");
            title = title == null || title.isBlank() ? id : title.strip();
            topic = topic == null || topic.isBlank() ? title : topic.strip();
            questions = questions == null ? List.of() : List.copyOf(questions);
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A piece of knowledge found for a question.
     *
     * @param score cosine similarity of the question to the closest thing embedded for the article
     */
    public record Passage(String articleId, String title, String text, double score) {
    }

    /** Knowledge bases built in this JVM, by their articles and model (see {@link #load}). */
    private static final Map<Built, KnowledgeBase> BUILT = new ConcurrentHashMap<>();

    private record Built(List<Article> articles, EmbeddingModel model) {
    }

    private final Map<String, Article> articles;
    private final EmbeddingModel embeddingModel;
    private final InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();

    KnowledgeBase(List<Article> articles, EmbeddingModel embeddingModel) {
        this.embeddingModel = embeddingModel;
        var byId = new LinkedHashMap<String, Article>();
        for (Article a : articles) {
            if (byId.putIfAbsent(a.id(), a) != null) {
                log.warn("knowledge article id={} appears twice; the first one is kept", a.id());
            }
        }
        this.articles = Map.copyOf(byId);
        var segments = new ArrayList<TextSegment>();
        for (Article a : byId.values()) {
            for (String q : a.questions()) {
                segments.add(segment(q, a, "question"));
            }
            for (String chunk : chunks(a.title() + "\n\n" + a.body())) {
                segments.add(segment(chunk, a, "text"));
            }
        }
        if (!segments.isEmpty()) {
            List<Embedding> embeddings = embeddingModel.embedAll(segments).content();
            store.addAll(embeddings, segments);
        }
        log.info("knowledge base ready: articles={} segments={}", byId.size(), segments.size());
    }

    /**
     * Loads the articles of {@code knowledgeDir}, or the packaged sample when it is empty. A
     * knowledge base is never changed once built, so gateways started side by side in one JVM (tests,
     * a benchmark) with the same articles share one rather than embed them all again.
     */
    public static KnowledgeBase load(String knowledgeDir, EmbeddingModel embeddingModel) {
        List<Article> articles = readArticles(knowledgeDir);
        return BUILT.computeIfAbsent(new Built(articles, embeddingModel), b -> new KnowledgeBase(articles, embeddingModel));
    }

    static List<Article> readArticles(String knowledgeDir) {
        List<Resource> resources;
        try {
            if (knowledgeDir == null || knowledgeDir.isBlank()) {
                resources = List.of(new PathMatchingResourcePatternResolver().getResources(PACKAGED));
            } else {
                Path dir = Path.of(knowledgeDir);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException("switchboard.ai.knowledge-dir is not a folder: " + knowledgeDir);
                }
                try (Stream<Path> files = Files.list(dir)) {
                    resources = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                            .map(p -> (Resource) new FileSystemResource(p)).toList();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the knowledge articles", e);
        }
        var read = new ArrayList<Article>();
        for (Resource r : resources.stream().sorted(Comparator.comparing(Resource::getFilename,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList()) {
            parse(r).ifPresent(read::add);
        }
        return read;
    }

    /** Reads one article; an article without id or answer text is skipped and logged by file name. */
    static Optional<Article> parse(Resource resource) {
        String name = resource.getFilename();
        String content;
        try (InputStream in = resource.getInputStream()) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            log.warn("knowledge article skipped: file={} reason=unreadable ({})", name, e.getMessage());
            return Optional.empty();
        }
        return parse(name, content);
    }

    static Optional<Article> parse(String name, String content) {
        if (!content.startsWith("---\n")) {
            log.warn("knowledge article skipped: file={} reason=no front matter (--- id, title, questions ---)", name);
            return Optional.empty();
        }
        int end = content.indexOf("\n---", 3);
        if (end < 0) {
            log.warn("knowledge article skipped: file={} reason=front matter not closed by ---", name);
            return Optional.empty();
        }
        Map<?, ?> front;
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(content.substring(4, end));
            front = parsed instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            log.warn("knowledge article skipped: file={} reason=front matter is not YAML ({})", name,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
        String body = content.substring(content.indexOf('\n', end + 1) < 0 ? content.length()
                : content.indexOf('\n', end + 1) + 1).strip();
        Object id = front.get("id");
        if (id == null || id.toString().isBlank()) {
            log.warn("knowledge article skipped: file={} reason=no id", name);
            return Optional.empty();
        }
        if (body.isEmpty()) {
            log.warn("knowledge article skipped: file={} reason=no answer text", name);
            return Optional.empty();
        }
        var questions = new ArrayList<String>();
        if (front.get("questions") instanceof List<?> list) {
            list.stream().filter(Objects::nonNull).map(Object::toString).filter(q -> !q.isBlank()).forEach(questions::add);
        }
        Object title = front.get("title");
        Object topic = front.get("topic");
        Object orderAnswer = front.get("order-answer");
        return Optional.of(new Article(id.toString().strip(), title == null ? null : title.toString(),
                topic == null ? null : topic.toString(), questions, body,
                orderAnswer == null || orderAnswer.toString().isBlank() ? null : orderAnswer.toString().strip()));
    }

    /**
     * The articles closest to {@code text}, one passage per article, best first. A match on one of
     * an article's questions or its title gives the article's whole answer text.
     *
     * @param minScore lowest cosine similarity to return
     */
    public List<Passage> search(String text, int maxResults, double minScore) {
        if (text == null || text.isBlank() || articles.isEmpty()) {
            return List.of();
        }
        Embedding query = embeddingModel.embed(text).content();
        var request = EmbeddingSearchRequest.builder().queryEmbedding(query)
                .maxResults(Math.max(maxResults * 6, 20))
                .minScore(RelevanceScore.fromCosineSimilarity(Math.max(-1, Math.min(1, minScore))))
                .build();
        var best = new LinkedHashMap<String, Passage>();
        for (EmbeddingMatch<TextSegment> match : store.search(request).matches()) {
            String id = match.embedded().metadata().getString(ARTICLE);
            Article article = articles.get(id);
            double cosine = 2 * match.score() - 1;
            boolean isQuestion = "question".equals(match.embedded().metadata().getString(KIND));
            String passage = isQuestion || article.body().length() <= CHUNK_CHARS ? article.body()
                    : match.embedded().text();
            best.merge(id, new Passage(id, article.title(), passage, cosine),
                    (a, b) -> a.score() >= b.score() ? a : b);
        }
        return best.values().stream().sorted(Comparator.comparingDouble(Passage::score).reversed())
                .limit(maxResults).toList();
    }

    /** The model the knowledge is embedded with; reply sentences must be compared in the same space. */
    public EmbeddingModel embeddingModel() {
        return embeddingModel;
    }

    public Optional<Article> article(String id) {
        return Optional.ofNullable(articles.get(id));
    }

    /**
     * What the articles say, as one value: equal for equal knowledge bases, different when an article was
     * added, changed or removed (the articles are data records, so their hash covers every field).
     */
    public int version() {
        return articles.values().stream().sorted(Comparator.comparing(Article::id)).toList().hashCode();
    }

    public int size() {
        return articles.size();
    }

    private static TextSegment segment(String text, Article a, String kind) {
        return TextSegment.from(text, Metadata.from(Map.of(ARTICLE, a.id(), KIND, kind)));
    }

    /** Paragraphs packed into chunks of about {@link #CHUNK_CHARS}. */
    static List<String> chunks(String text) {
        var out = new ArrayList<String>();
        var current = new StringBuilder();
        for (String paragraph : text.split("\n\\s*\n")) {
            if (current.length() > 0 && current.length() + paragraph.length() > CHUNK_CHARS) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
            current.append(paragraph).append("\n\n");
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
