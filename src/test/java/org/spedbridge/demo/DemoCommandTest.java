package org.spedbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.FreePort;

/**
 * The README's demo command as a user runs it: a separate process ({@code sped-bridge demo}), whose
 * import matches the synthetic district's expected counts, whose report mail is kept as an .eml file,
 * and whose three printed curl commands work against the running API with the printed key.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    private Process demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.destroy();
        }
    }

    @Test
    void demoImportsMailsAndServesTheApiWithThePrintedKey() throws Exception {
        int apiPort = FreePort.find();
        Path config = dir.resolve("demo.properties");
        Files.writeString(config, "api.port=" + apiPort + "\nmanagement.port=" + FreePort.find()
                + "\ncamel.main.jmx-enabled=false\n");
        Path log = dir.resolve("demo.out");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        demo = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "org.spedbridge.cli.SpedBridge",
                "--config", config.toString(), "demo", "--dir", dir.resolve("demo").toString())
                .redirectOutput(log.toFile())
                .redirectError(dir.resolve("demo.err").toFile())
                .start();

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(log).contains("AERIES-CERT"));
        String out = Files.readString(log);

        // the import ran and matched the synthetic district's numbers
        SyntheticDistrict.Expected want = SyntheticDistrict.demo(20251).expected();
        assertThat(out).contains("import             APPLIED");
        assertThat(out).contains("matched " + want.matched() + " (" + want.matched() + ")")
                .contains("duplicates " + want.duplicates() + " (" + want.duplicates() + ")")
                .contains("not in file " + want.notInFile() + " (" + want.notInFile() + ")");

        // the report mail is kept as an .eml file with the APPLIED subject
        try (Stream<Path> files = Files.list(dir.resolve("demo/outbox"))) {
            List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).toList();
            assertThat(eml).hasSize(1);
            assertThat(Files.readString(eml.get(0))).contains("Subject: SIRAS import 1964733 ").contains(": APPLIED")
                    .contains("Special_Ed_Students_ImportedRecords.csv");
        }

        // each printed curl command works with the printed key
        Matcher curl = Pattern.compile("curl -s -H 'AERIES-CERT: (\\w+)' '?(http[^'\\s]+)'?").matcher(out);
        HttpClient http = HttpClient.newHttpClient();
        int commands = 0;
        while (curl.find()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(curl.group(2)))
                    .header("AERIES-CERT", curl.group(1)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(curl.group(2)).isEqualTo(200);
            assertThat(r.body()).as(curl.group(2)).startsWith("[{");
            commands++;
        }
        assertThat(commands).isEqualTo(3);
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1]).as("the key alone on the last line").matches("[A-Za-z0-9]{20}");
    }
}
