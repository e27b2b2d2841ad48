package io.switchboard.routing;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Placeholder until detection lands: never sure. */
@Component
public class LanguageDetector {

    /** The ISO 639-1 code of the text's language, only when the detector is confident. */
    public Optional<String> detect(String text) {
        return Optional.empty();
    }
}
