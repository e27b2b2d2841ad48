package io.switchboard.routing;

import java.util.List;
import org.springframework.stereotype.Component;

/** Placeholder until the trained classifier lands: abstains on everything. */
@Component
public class IntentClassifier {

    public Classification classify(String text) {
        return classifyAll(List.of(text)).get(0);
    }

    public List<Classification> classifyAll(List<String> texts) {
        return texts.stream().map(t -> new Classification(null, 0, null, true)).toList();
    }
}
