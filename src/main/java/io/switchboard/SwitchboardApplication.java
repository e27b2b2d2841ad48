package io.switchboard;

import io.switchboard.routing.IntentEvaluation;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SwitchboardApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("eval-intents")) {
            IntentEvaluation.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(SwitchboardApplication.class, args);
    }
}
