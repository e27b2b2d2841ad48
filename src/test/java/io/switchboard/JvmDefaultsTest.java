package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import org.junit.jupiter.api.Test;

/** The JVM-wide settings the gateway applies at start, where the operator set none. */
class JvmDefaultsTest {

    @Test
    void theXmlFactoriesNamedAreTheOnesJaxpWouldFindAndAnOperatorsSettingWins() {
        var parser = DocumentBuilderFactory.newDefaultInstance().getClass();
        var transformer = TransformerFactory.newDefaultInstance().getClass();
        String pool = "java.util.concurrent.ForkJoinPool.common.parallelism";
        String before = System.getProperty(pool);
        System.setProperty(pool, "7");
        try {
            SwitchboardApplication.applyJvmDefaults();

            assertThat(System.getProperty("javax.xml.parsers.DocumentBuilderFactory")).isEqualTo(parser.getName());
            assertThat(System.getProperty("javax.xml.transform.TransformerFactory")).isEqualTo(transformer.getName());
            assertThat(DocumentBuilderFactory.newInstance()).isInstanceOf(parser);
            assertThat(TransformerFactory.newInstance()).isInstanceOf(transformer);
            assertThat(System.getProperty(pool)).as("set before: kept").isEqualTo("7");
        } finally {
            if (before == null) {
                System.clearProperty(pool);
            } else {
                System.setProperty(pool, before);
            }
        }
    }
}
