package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;

/**
 * {@code run} of the packaged jar writes its log to a rolling file under the data folder besides the console: with a
 * small {@code log.file.max-size} the file rolls over into gzipped files, of which {@code log.file.max-files} are kept;
 * {@code log.format=json} makes every line, on the console and in the files, one JSON object (Elastic Common Schema).
 */
class LogFileIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SIZE = 2048;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pattern", "json"})
    void theLogFileRollsOverAtItsSizeAndKeepsItsCount(String format) throws Exception {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Properties p = new Properties();
        p.setProperty("district.cds-code", "1234567");
        p.setProperty("siras.import.schedule-enabled", "false");
        p.setProperty("db.url", "jdbc:h2:file:" + tmp.resolve("db/sped-bridge"));
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        p.setProperty("log.file.max-size", "2 KB");
        p.setProperty("log.file.max-files", "3");
        p.setProperty("log.format", format);
        Path config = jar.config("district.properties", p);

        String console;
        try (PackagedJar.Running run = jar.start("run", "--config", config.toString(), "run")) {
            SirasDeployment.awaitApi(run, p);
            console = run.stderr();
        }

        Path logs = jar.home().resolve("data/logs");
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path f : s.toList()) {
                files.put(f.getFileName().toString(), content(f));
            }
        }
        // Camel's start alone writes several times 2 KB: the file rolled, and only three rolled files are kept
        assertThat(files.keySet()).containsExactly("sped-bridge-1.log.gz", "sped-bridge-2.log.gz",
                "sped-bridge-3.log.gz", "sped-bridge.log");
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            // rolled over before the event that would cross the size: at most one event more
            assertThat(f.getValue().length).as(f.getKey()).isPositive().isLessThan(MAX_SIZE + 1024);
        }
        // the current file holds the last events: the shutdown
        String current = new String(files.get("sped-bridge.log"), StandardCharsets.UTF_8);
        assertThat(current).contains("shutdown");

        List<String> lines = new ArrayList<>();
        files.values().forEach(b -> lines.addAll(new String(b, StandardCharsets.UTF_8).lines().toList()));
        List<String> consoleLines = console.lines().filter(l -> !l.isBlank()).toList();
        assertThat(consoleLines).isNotEmpty();
        if (format.equals("json")) {
            for (String line : Stream.concat(lines.stream(), consoleLines.stream()).toList()) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.path("message").isTextual()).as(line).isTrue();
                assertThat(event.path("log.level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(event.path("@timestamp").asText()).as(line).endsWith("Z");
                assertThat(event.has("log.logger")).as(line).isTrue();
            }
        } else {
            String readable = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\[.*";
            assertThat(lines).allMatch(l -> l.matches(readable) || l.startsWith("\t") || l.startsWith("Caused by"));
            assertThat(consoleLines).anyMatch(l -> l.matches(readable));
        }
    }

    private static byte[] content(Path f) {
        try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                : Files.newInputStream(f)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
