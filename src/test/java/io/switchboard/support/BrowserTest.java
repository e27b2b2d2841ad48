package io.switchboard.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test that drives a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}).
 * Skipped where they are not installed, unless {@code SWITCHBOARD_TEST_BROWSER=required} (as in CI),
 * where it runs and fails without them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(BrowserTest.Condition.class)
public @interface BrowserTest {

    String CHROMIUM = System.getenv().getOrDefault("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium");
    String CHROMEDRIVER = System.getenv().getOrDefault("SWITCHBOARD_CHROMEDRIVER", "/usr/bin/chromedriver");

    class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER))) {
                return ConditionEvaluationResult.enabled("Chromium and ChromeDriver are installed");
            }
            if ("required".equals(System.getenv("SWITCHBOARD_TEST_BROWSER"))) {
                return ConditionEvaluationResult.enabled("browser tests are required: running to fail loudly");
            }
            return ConditionEvaluationResult.disabled("Chromium is not installed (apt-get install chromium "
                    + "chromium-driver); .ci/run installs it and requires these tests");
        }
    }
}
