package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.TestDatabases;

/**
 * The same routes/ and application.properties on a plain Camel Main, as Camel JBang's {@code camel run}
 * starts them: nothing bound by sped-bridge's launcher; the beans come from
 * {@code camel.main.configuration-classes=org.spedbridge.SpedBridgeBeans}.
 */
class PlainCamelRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void routesRunOnAPlainCamelMainWithTheBeansFromTheConfigurationClass() throws Exception {
        int apiPort = FreePort.find();
        Properties p = new Properties();
        p.putAll(TestDatabases.fresh(TestDatabases.Kind.H2));
        p.setProperty("api.port", String.valueOf(apiPort));
        p.setProperty("management.port", String.valueOf(FreePort.find()));
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("siras.import.work-dir", dir.resolve("runs").toString());
        p.setProperty("report.mail.outbox-dir", dir.resolve("outbox").toString());
        p.setProperty("roster.drop-dir", dir.resolve("drop").toString());
        p.setProperty("camel.main.jmx-enabled", "false");
        // the district's copy of application.properties with its own values appended (the last one of a key wins)
        Path district = dir.resolve("application.properties");
        Files.copy(Path.of("application.properties"), district);
        try (var w = Files.newBufferedWriter(district, StandardOpenOption.APPEND)) {
            p.store(w, "district settings");
        }
        Main camel = new Main();
        camel.setDefaultPropertyPlaceholderLocation("file:" + district);
        camel.start();
        try {
            assertThat(camel.getCamelContext().getRoute("siras-import")).isNotNull();
            assertThat(camel.getCamelContext().getRegistry().lookupByName("openRun")).isNotNull();
            HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/v5/systeminfo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"DatabaseYear\"");
        } finally {
            camel.stop();
        }
    }
}
