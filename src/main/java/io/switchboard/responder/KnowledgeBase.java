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
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
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
 * {@code id}, {@code title}, {@code questions}, optionally {@code topic} and {@code lang} (ISO 639-1,
 * {@code en} when absent; the same id in several languages is one article translated), then the answer
 * text), embedded into in-memory stores, one per language (the default language's at start, every
 * answer reads it; another's when first searched), and indexed by their words ({@link LexicalIndex}). Questions are embedded as well as the text because customers ask the way the
 * questions are written, not the way answers are.
 */
public final class KnowledgeBase {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);
    private static final String PACKAGED = "classpath*:knowledge/*.md";
    private static final int CHUNK_CHARS = 800;
    private static final String ARTICLE = "article";
    private static final String LANG = "lang";
    /** The language of an article that names none, and of {@link #search} and {@link #article(String)}. */
    public static final String DEFAULT_LANGUAGE = "en";
    /** Reciprocal rank fusion's constant: rank r counts 1 / (60 + r), the value its authors found robust. */
    private static final int FUSION_K = 60;
    private static final String KIND = "kind";

    /**
     * One article.
     *
     * @param topic       what the article is about in the words of a question to the customer ("is this about
     *                    {topic}?"); the title when the front matter has none
     * @param orderAnswer front matter {@code order-answer}: the answer when the message names an order the
     *                    order system knows for this customer, {@code {field}} standing for the order's
     *                    fields ({@code number}, {@code status}, ...); null when the article has none
     * @param language    front matter {@code lang}, {@code en} when absent
     * @param orderAction front matter {@code order-action}: what the AI offers to do to an order the message
     *                    names (when the order system is configured to do it); null when the article has none
     */
    public record Article(String id, String title, String topic, List<String> questions, String body,
                          String orderAnswer, String language, OrderAction orderAction) {
        public Article {
            Objects.requireNonNull(id, "id");
            language = language == null || language.isBlank() ? DEFAULT_LANGUAGE
                    : language.strip().toLowerCase(Locale.ROOT);
            title = title == null || title.isBlank() ? id : title.strip();
            topic = topic == null || topic.isBlank() ? title : topic.strip();
            questions = questions == null ? List.of() : List.copyOf(questions);
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * An action the AI offers on an order ({@code order-action} in the front matter), done only once the
     * customer confirms.
     *
     * @param name     the action as the order system knows it ({@code switchboard.tools.orders.actions.<name>})
     * @param question what the AI asks, {@code {field}} standing for the order's fields as in {@code order-answer}
     * @param done     what the AI says once the order system did it
     * @param words    the offer is made only to a message with one of these words, or a word starting so
     *                 (case and accents ignored: "cancel" for "cancelled", "storn" for "stornieren"), so that
     *                 "can I change order 4711?" is not offered a cancellation; none: any message naming an order
     */
    public record OrderAction(String name, String question, String done, List<String> words) {

        private static final Pattern NOT_LETTER = Pattern.compile("[^\\p{L}\\p{N}]+");

        public OrderAction {
            words = words == null ? List.of() : words.stream().map(OrderAction::fold).filter(w -> !w.isEmpty()).toList();
        }

        /** Whether the message asks for this action (see {@code words}). */
        public boolean askedIn(String text) {
            if (words.isEmpty()) {
                return true;
            }
            return Arrays.stream(NOT_LETTER.split(fold(text == null ? "" : text)))
                    .anyMatch(token -> words.stream().anyMatch(token::startsWith));
        }

        private static String fold(String text) {
            return Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                    .strip();
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

    /** True for the default language, and for a text whose language is not known (taken as the default). */
    public static boolean isDefaultLanguage(String language) {
        return language == null || DEFAULT_LANGUAGE.equals(language);
    }

    /** The articles in the default language, by id. */
    private final Map<String, Article> articles;
    /** Every article, by language and id. */
    private final Map<String, Map<String, Article>> languages;
    private final EmbeddingModel embeddingModel;
    /** The embedded questions and text, one store per language: a search reads only its language's. */
    private final Map<String, Store> stores = new ConcurrentHashMap<>();
    private final LexicalIndex words;

    KnowledgeBase(List<Article> articles, EmbeddingModel embeddingModel) {
        this.embeddingModel = embeddingModel;
        var byLanguage = new LinkedHashMap<String, Map<String, Article>>();
        var all = new ArrayList<Article>();
        for (Article a : articles) {
            if (byLanguage.computeIfAbsent(a.language(), l -> new LinkedHashMap<>()).putIfAbsent(a.id(), a) != null) {
                log.warn("knowledge article id={} lang={} appears twice; the first one is kept", a.id(), a.language());
            } else {
                all.add(a);
            }
        }
        this.languages = byLanguage.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
        this.articles = languages.getOrDefault(DEFAULT_LANGUAGE, Map.of());
        this.words = new LexicalIndex(all);
        // the default language is embedded now (every answer reads it); another when first searched
        int segments = languages.containsKey(DEFAULT_LANGUAGE) ? store(DEFAULT_LANGUAGE).size() : 0;
        log.info("knowledge base ready: articles={} languages={} segments={} ({})", all.size(), languages.keySet(),
                segments, DEFAULT_LANGUAGE);
    }

    /** A language's embedded questions and text, embedded when first needed (translations serve retrieval only). */
    private Store store(String language) {
        return stores.computeIfAbsent(language, l -> {
            var segments = new ArrayList<TextSegment>();
            for (Article a : languages.getOrDefault(l, Map.of()).values()) {
                for (String q : a.questions()) {
                    segments.add(segment(q, a, "question"));
                }
                for (String chunk : chunks(a.title() + "\n\n" + a.body())) {
                    segments.add(segment(chunk, a, "text"));
                }
            }
            var store = new InMemoryEmbeddingStore<TextSegment>();
            if (!segments.isEmpty()) {
                store.addAll(embeddingModel.embedAll(segments).content(), segments);
            }
            return new Store(store, segments.size());
        });
    }

    private record Store(InMemoryEmbeddingStore<TextSegment> embeddings, int size) {
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
        Object lang = front.get("lang");
        OrderAction action = null;
        if (front.get("order-action") instanceof Map<?, ?> a) {
            if (a.get("name") == null || a.get("question") == null || a.get("done") == null) {
                log.warn("knowledge article file={}: order-action needs name, question and done; it is left out", name);
            } else {
                action = new OrderAction(a.get("name").toString().strip(), a.get("question").toString().strip(),
                        a.get("done").toString().strip(), a.get("words") instanceof List<?> words
                        ? words.stream().filter(Objects::nonNull).map(Object::toString).toList() : List.of());
            }
        }
        return Optional.of(new Article(id.toString().strip(), title == null ? null : title.toString(),
                topic == null ? null : topic.toString(), questions, body,
                orderAnswer == null || orderAnswer.toString().isBlank() ? null : orderAnswer.toString().strip(),
                lang == null ? null : lang.toString(), action));
    }

    /**
     * The articles (of the default language) closest to {@code text} by meaning, one passage per article,
     * best first. A match on one of
     * an article's questions or its title gives the article's whole answer text.
     *
     * @param minScore lowest cosine similarity to return
     */
    public List<Passage> search(String text, int maxResults, double minScore) {
        if (text == null || text.isBlank() || articles.isEmpty()) {
            return List.of();
        }
        return search(embeddingModel.embed(text).content(), DEFAULT_LANGUAGE, maxResults, minScore);
    }

    /** {@link #search(String, int, double)} over the articles of {@code language}; none when it has none. */
    public List<Passage> search(String text, String language, int maxResults, double minScore) {
        if (text == null || text.isBlank() || !languages.containsKey(language)) {
            return List.of();
        }
        return search(embeddingModel.embed(text).content(), language, maxResults, minScore);
    }

    private List<Passage> search(Embedding query, String language, int maxResults, double minScore) {
        Map<String, Article> own = languages.getOrDefault(language, Map.of());
        if (own.isEmpty()) {
            return List.of();
        }
        InMemoryEmbeddingStore<TextSegment> store = store(language).embeddings();
        var request = EmbeddingSearchRequest.builder().queryEmbedding(query)
                .maxResults(Math.max(maxResults * 6, 20))
                .minScore(RelevanceScore.fromCosineSimilarity(Math.max(-1, Math.min(1, minScore))))
                .build();
        var best = new LinkedHashMap<String, Passage>();
        for (EmbeddingMatch<TextSegment> match : store.search(request).matches()) {
            String id = match.embedded().metadata().getString(ARTICLE);
            Article article = own.get(id);
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

    /** The article in the default language. */
    public Optional<Article> article(String id) {
        return Optional.ofNullable(articles.get(id));
    }

    /** The article in {@code language}, if it was written in it. */
    public Optional<Article> article(String id, String language) {
        return Optional.ofNullable(languages.getOrDefault(language, Map.of()).get(id));
    }

    /** The languages articles are written in. */
    public Set<String> languages() {
        return languages.keySet();
    }

    /**
     * An article found for a question by words and by meaning together.
     *
     * @param fused    the reciprocal rank fusion of the two rankings
     * @param lexical  its BM25 score (0 when its words did not match)
     * @param semantic the cosine similarity of the question to the closest thing embedded for it
     */
    public record Ranked(String articleId, String title, double fused, double lexical, double semantic) {
    }

    /**
     * The articles of {@code language} for the text, best first: the ranking by words (BM25 with the
     * language's analyzer) and the ranking by meaning (the embedding model, over that language's
     * articles) fused by reciprocal rank ({@code 1 / (60 + rank)} summed): an article one ranking puts
     * high can come first, one both put high comes first. None when no article is in that language.
     */
    public List<Ranked> hybrid(String text, String language, int maxResults) {
        if (text == null || text.isBlank() || !languages.containsKey(language)) {
            return List.of();
        }
        int depth = Math.max(maxResults, 20);
        List<LexicalIndex.Hit> byWords = words.search(text, language, depth);
        List<Passage> byMeaning = search(embeddingModel.embed(text).content(), language, depth, -1);
        var fused = new LinkedHashMap<String, double[]>(); // fused, lexical, semantic
        for (int rank = 0; rank < byWords.size(); rank++) {
            double[] f = fused.computeIfAbsent(byWords.get(rank).articleId(), id -> new double[3]);
            f[0] += 1.0 / (FUSION_K + rank + 1);
            f[1] = byWords.get(rank).score();
        }
        for (int rank = 0; rank < byMeaning.size(); rank++) {
            double[] f = fused.computeIfAbsent(byMeaning.get(rank).articleId(), id -> new double[3]);
            f[0] += 1.0 / (FUSION_K + rank + 1);
            f[2] = byMeaning.get(rank).score();
        }
        Map<String, Article> own = languages.get(language);
        return fused.entrySet().stream()
                .map(e -> new Ranked(e.getKey(), own.get(e.getKey()).title(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2]))
                .sorted(Comparator.comparingDouble(Ranked::fused).reversed()
                        .thenComparing(Comparator.comparingDouble(Ranked::semantic).reversed()))
                .limit(maxResults).toList();
    }

    /** The articles of {@code language} by their words alone (BM25), best first. */
    public List<Ranked> lexical(String text, String language, int maxResults) {
        Map<String, Article> own = languages.getOrDefault(language, Map.of());
        return words.search(text, language, maxResults).stream()
                .map(h -> new Ranked(h.articleId(), own.get(h.articleId()).title(), 0, h.score(), 0)).toList();
    }

    /** The articles of {@code language} by meaning alone (the embedding model), best first. */
    public List<Ranked> semantic(String text, String language, int maxResults) {
        if (text == null || text.isBlank() || !languages.containsKey(language)) {
            return List.of();
        }
        return search(embeddingModel.embed(text).content(), language, maxResults, -1).stream()
                .map(p -> new Ranked(p.articleId(), p.title(), 0, 0, p.score())).toList();
    }

    /**
     * What the articles say, as one value: equal for equal knowledge bases, different when an article was
     * added, changed or removed (the articles are data records, so their hash covers every field).
     */
    public int version() {
        return languages.values().stream().flatMap(m -> m.values().stream())
                .sorted(Comparator.comparing(Article::id).thenComparing(Article::language)).toList().hashCode();
    }

    public int size() {
        return articles.size();
    }

    private static TextSegment segment(String text, Article a, String kind) {
        return TextSegment.from(text, Metadata.from(Map.of(ARTICLE, a.id(), KIND, kind, LANG, a.language())));
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
