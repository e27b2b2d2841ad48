package io.switchboard.routing;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells which of the configured languages a message is written in, so it can go to an agent who
 * speaks it; says nothing rather than guess when the text is too short or too mixed. Lingua, built
 * once for the configured languages. Its n-gram models (about 2 s of CPU) load on a thread of their
 * own while the gateway starts: lingua loads them lazily and without a lock, so the first messages
 * decided at once each loaded them again, which took the first minute of a busy start.
 */
@Component
public class LanguageDetector {

    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");

    private final com.github.pemistahl.lingua.api.LanguageDetector detector;
    private final int minimumWords;
    private final double minimumMargin;
    private final CompletableFuture<Void> modelsLoaded;

    @Autowired
    LanguageDetector(LanguageProperties properties) {
        Language[] languages = properties.languages().stream()
                .map(code -> Language.getByIsoCode639_1(IsoCode639_1.valueOf(code.strip().toUpperCase(Locale.ROOT))))
                .toArray(Language[]::new);
        if (languages.length < 2) {
            throw new IllegalArgumentException("switchboard.routing.language.languages needs at least two languages");
        }
        this.minimumWords = properties.minimumWords();
        this.minimumMargin = properties.minimumMargin();
        LanguageDetectorBuilder builder = LanguageDetectorBuilder.fromLanguages(languages);
        this.detector = (properties.lowAccuracy() ? builder.withLowAccuracyMode() : builder).build();
        // any text of five letters or more touches every model: each language, each n-gram length
        this.modelsLoaded = CompletableFuture.runAsync(() -> detector.computeLanguageConfidenceValues("models loading"),
                task -> {
                    Thread loader = new Thread(task, "language-models");
                    loader.setDaemon(true);
                    loader.start();
                });
    }

    public static LanguageDetector withDefaults() {
        return new LanguageDetector(LanguageProperties.defaults());
    }

    /** The ISO 639-1 code of the text's language, only when the detector is confident. */
    public Optional<String> detect(String text) {
        if (text == null || WORD.matcher(text).results().count() < minimumWords) {
            return Optional.empty();
        }
        // a failed load is left to lingua's own loading on first use
        modelsLoaded.exceptionally(failure -> null).join();
        Iterator<Map.Entry<Language, Double>> ranked = detector.computeLanguageConfidenceValues(text).entrySet().iterator();
        if (!ranked.hasNext()) {
            return Optional.empty();
        }
        Map.Entry<Language, Double> best = ranked.next();
        double next = ranked.hasNext() ? ranked.next().getValue() : 0;
        return best.getValue() - next < minimumMargin ? Optional.empty()
                : Optional.of(best.getKey().getIsoCode639_1().name().toLowerCase(Locale.ROOT));
    }
}
