package io.switchboard.routing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which languages the detector chooses among, and how sure it must be.
 *
 * @param languages     ISO 639-1 codes; fewer languages make detection faster and surer
 * @param minimumWords  shorter texts stay undecided: lingua calls "ok" Dutch and "hello" Italian
 * @param minimumMargin how far the best language's confidence (1.0) must be ahead of the next one;
 *                      ordinary sentences are 0.2 to 0.3 ahead, two-word replies about 0.13
 * @param lowAccuracy   lingua's low-accuracy mode: trigrams only, less memory and faster to load,
 *                      less reliable on texts under about 120 characters
 */
@ConfigurationProperties("switchboard.routing.language")
public record LanguageProperties(@DefaultValue({"en", "es", "fr", "de", "it", "pt", "nl"}) List<String> languages,
                                 @DefaultValue("2") int minimumWords,
                                 @DefaultValue("0.1") double minimumMargin,
                                 @DefaultValue("false") boolean lowAccuracy) {

    public static LanguageProperties defaults() {
        return new LanguageProperties(List.of("en", "es", "fr", "de", "it", "pt", "nl"), 2, 0.1, false);
    }
}
