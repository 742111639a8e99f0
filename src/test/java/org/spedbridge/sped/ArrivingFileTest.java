package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A file read while its download writes it ({@link ArrivingFile}, {@link SpedCsvReader#openArriving}) reads as the
 * complete copy on disk does ({@link SpedCsvReader#open}): the same rows, line numbers, row problems and refusals,
 * whatever pieces the bytes come in; a file that is not UTF-8 says so ({@link SpedCsvReader.NotUtf8}) instead of giving
 * other characters; a download that fails ends the reading with {@link ArrivingFile.DownloadFailed}.
 */
class ArrivingFileTest {

    private static final HeaderAliases ALIASES = HeaderAliases.load(null);
    private static final List<String> FIELDS = List.of("ssid", "first_name", "last_name", "grade");

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> cell = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019 ,\"'\r\n;=").ofMaxLength(12),
                Arbitraries.strings().withChars("éñüßøçÉÑ -").ofMaxLength(8),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
        Arbitrary<List<String>> row = cell.list().ofSize(FIELDS.size())
                .filter(r -> !r.stream().allMatch(String::isEmpty));
        return row.list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 150)
    void readAsItArrivesGivesWhatTheCompleteCopyGives(@ForAll("tables") List<List<String>> rows,
            @ForAll boolean crlf, @ForAll boolean bom, @ForAll boolean finalEol, @ForAll boolean windows1252,
            @ForAll boolean blankLine, @ForAll @IntRange(min = 0, max = 3) int cutLastRowTo, @ForAll long seed)
            throws Exception {
        List<List<String>> table = new ArrayList<>(rows);
        if (cutLastRowTo > 0 && !table.isEmpty()) {
            List<String> last = table.remove(table.size() - 1);
            table.add(last.subList(0, cutLastRowTo));
        }
        String eol = crlf ? "\r\n" : "\n";
        String text = SpedCsvReaderPropertiesTest.write(table, eol, finalEol);
        if (blankLine) {
            text = text.replaceFirst(eol, eol + eol);
        }
        Charset charset = windows1252 ? Charset.forName("windows-1252") : StandardCharsets.UTF_8;
        byte[] body = text.getBytes(charset);
        byte[] bytes = bom ? SpedCsvReaderPropertiesTest.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body) : body;

        Path dir = Files.createTempDirectory("arriving");
        try {
            Path complete = Files.write(dir.resolve("complete.csv"), bytes);
            FileFacts facts = FileFacts.scan(complete);
            String fromDisk = outcome(() -> SpedCsvReader.open(complete, "t.csv", SpedFile.STUDENTS, facts, ALIASES));

            ArrivingFile arriving = new ArrivingFile(dir.resolve("t.csv"));
            CompletableFuture<Void> download = CompletableFuture.runAsync(() -> feed(arriving, bytes, new Random(seed)));
            String asItArrived = outcome(() -> SpedCsvReader.openArriving(arriving, "t.csv", SpedFile.STUDENTS, ALIASES));
            download.get(10, TimeUnit.SECONDS);

            if (facts.validUtf8()) {
                assertThat(asItArrived).isEqualTo(fromDisk);
            } else if (!asItArrived.equals(fromDisk)) {
                // not UTF-8: the caller reads the complete copy instead (what fromDisk is)
                assertThat(asItArrived).isEqualTo("NOT UTF-8");
            }
            assertThat(Files.readAllBytes(arriving.local())).isEqualTo(bytes);
            assertThat(arriving.awaitFacts()).isEqualTo(facts);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Example
    void aDownloadThatFailsHalfWayEndsTheReadingAndLeavesNoCopy() throws Exception {
        Path dir = Files.createTempDirectory("arriving");
        ArrivingFile arriving = new ArrivingFile(dir.resolve("t.csv"));
        byte[] start = "SSID,FIRST_NAME,LAST_NAME,GRADE\n1,a,b,3\n2,c,d,4\n3,e".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> {
            try (OutputStream out = arriving.create()) {
                out.write(start);
                arriving.wrote(start.length);
                Thread.sleep(100);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            arriving.failed(new IOException("Cannot retrieve file: t.csv"));
        });
        List<String> read = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (SpedCsvReader r = SpedCsvReader.openArriving(arriving, "t.csv", SpedFile.STUDENTS, ALIASES)) {
                SpedCsvReader.Row row;
                while ((row = r.next()) != null) {
                    read.add(row.get("ssid"));
                }
            }
        }).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ArrivingFile.DownloadFailed.class)
                .hasStackTraceContaining("Cannot retrieve file: t.csv");
        download.get(10, TimeUnit.SECONDS);
        assertThat(read).containsExactly("1");
        assertThatThrownBy(arriving::awaitFacts).isInstanceOf(ArrivingFile.DownloadFailed.class);
        assertThatThrownBy(arriving::open).isInstanceOf(ArrivingFile.DownloadFailed.class);
        try (var left = Files.list(dir)) {
            assertThat(left).as("copies left").isEmpty();
        }
        Files.delete(dir);
    }

    @Example
    void aReaderThatOpensBeforeTheDownloadStartsWaitsForIt() throws Exception {
        Path dir = Files.createTempDirectory("arriving");
        ArrivingFile arriving = new ArrivingFile(dir.resolve("t.csv"));
        byte[] bytes = "SSID,FIRST_NAME,LAST_NAME,GRADE\n1,a,b,3\n".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = arriving.open()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(200);
        assertThat(reader).as("a reader before the first byte").isNotDone();
        feed(arriving, bytes, new Random(1));
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(bytes);
        Files.delete(arriving.local());
        Files.delete(dir);
    }

    /** What reading the whole file gives: each row as "line problem cells", or the refusal, or "NOT UTF-8". */
    private interface Opener {
        SpedCsvReader open() throws Exception;
    }

    private static String outcome(Opener opener) throws Exception {
        StringBuilder out = new StringBuilder();
        try (SpedCsvReader r = opener.open()) {
            out.append(r.headerWarnings()).append('\n');
            SpedCsvReader.Row row;
            while ((row = r.next()) != null) {
                out.append(row.line()).append(' ').append(row.problem());
                for (String f : FIELDS) {
                    out.append('|').append(row.get(f));
                }
                out.append('\n');
            }
        } catch (ImportRefused e) {
            return "REFUSED " + e.getMessage();
        } catch (SpedCsvReader.NotUtf8 e) {
            return "NOT UTF-8";
        }
        return out.toString();
    }

    /** The download's side: the bytes in pieces of random sizes, now and then a pause, then complete. */
    private static void feed(ArrivingFile file, byte[] bytes, Random random) {
        try {
            FileFacts.Accumulator facts = new FileFacts.Accumulator();
            try (OutputStream out = file.create()) {
                int at = 0;
                while (at < bytes.length) {
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(64));
                    out.write(bytes, at, n);
                    file.wrote(n);
                    facts.update(bytes, at, n);
                    at += n;
                    if (random.nextInt(8) == 0) {
                        Thread.sleep(1);
                    }
                }
            }
            file.complete(facts.finish());
        } catch (IOException | InterruptedException e) {
            file.failed(e instanceof IOException io ? io : new IOException(e));
        }
    }
}
