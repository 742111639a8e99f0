package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Property tests of the streaming reader: whatever RFC 4180 writes, it reads back; a cut last line is always caught. */
class SpedCsvReaderPropertiesTest {

    private static final List<String> HEADER = List.of("SSID", "FIRST_NAME", "LAST_NAME", "GRADE");
    private static final HeaderAliases ALIASES = HeaderAliases.load(null);
    private static final List<String> FIELDS = List.of("ssid", "first_name", "last_name", "grade");

    @Provide
    Arbitrary<String> cells() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcXYZ019 ,\"'\r\n;=").ofMaxLength(12),
                Arbitraries.strings().withChars("éñüßøçÉÑ漢字 -").ofMaxLength(8),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<List<String>> row = cells().list().ofSize(HEADER.size())
                // a row of one empty cell is a blank line; a first cell that is blank would still be quoted by us
                .filter(r -> !r.stream().allMatch(String::isEmpty));
        return row.list().ofMinSize(1).ofMaxSize(15);
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n");
    }

    @Property(tries = 200)
    void rowsWrittenWithRfc4180ReadBackIdentically(@ForAll("tables") List<List<String>> rows,
            @ForAll("lineEnds") String eol, @ForAll boolean bom) throws Exception {
        String text = write(rows, eol, true);
        Path file = Files.createTempFile("prop", ".csv");
        try {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = bom ? concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body) : body;
            Files.write(file, bytes);
            List<List<String>> read = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            try (SpedCsvReader r = SpedCsvReader.open(file, "t.csv", SpedFile.STUDENTS, FileFacts.scan(file), ALIASES)) {
                assertThat(r.charset()).isEqualTo(StandardCharsets.UTF_8);
                assertThat(r.headerWarnings()).isEmpty();
                SpedCsvReader.Row row;
                while ((row = r.next()) != null) {
                    assertThat(row.problem()).isNull();
                    List<String> cells = new ArrayList<>();
                    for (String f : FIELDS) {
                        cells.add(row.get(f));
                    }
                    read.add(cells);
                    lines.add(row.line());
                }
            }
            assertThat(read).isEqualTo(rows.stream().map(r -> r.stream().map(String::strip).toList()).toList());
            // the line number is the physical line each row starts on
            long expected = 2;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(lines.get(i)).isEqualTo(expected);
                expected += physicalLines(rows.get(i));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Line breaks inside quoted values, mixed as a spreadsheet may leave them: each CR, LF or CRLF is one line. */
    @Example
    void lineNumbersCountEveryKindOfLineBreakInsideQuotes() throws Exception {
        List<String> rows = readAll("SSID,FIRST_NAME,LAST_NAME,GRADE\r\n"
                + "1,\"\ra\n\",x,1\r\n"       // lone CR, then LF: lines 2-4
                + "2,\"b\r\nc\rd\",y,2\r\n"  // CRLF, then lone CR: lines 5-7
                + "3,e,z,3\r\n");
        assertThat(rows).containsExactly("2 null", "5 null", "8 null");
    }

    /** A line of thousands of fields (not a SIRAS row) is a row error, not thousands of cells in memory. */
    @Example
    void aLineWithThousandsOfFieldsIsARowErrorAndEndsTheFile() throws Exception {
        List<String> rows = readAll("SSID,FIRST_NAME,LAST_NAME,GRADE\n1,a,b,3\n2" + ",x".repeat(5000) + "\n4,c,d,5\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo("2 null");
        assertThat(rows.get(1)).startsWith("3 More than 1024 fields on this line");
        // the same in the header refuses the file
        assertThatThrownBy(() -> readAll("SSID" + ",X".repeat(5000) + "\n1\n"))
                .isInstanceOf(ImportRefused.class).hasMessageContaining("header line of t.csv cannot be read")
                .hasMessageContaining("More than 1024 fields");
    }

    /** Every row of a students file holding {@code text}, as "line problem" (problem null when the row is fine). */
    private static List<String> readAll(String text) throws Exception {
        Path file = Files.createTempFile("reader", ".csv");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            List<String> rows = new ArrayList<>();
            try (SpedCsvReader r = SpedCsvReader.open(file, "t.csv", SpedFile.STUDENTS, FileFacts.scan(file), ALIASES)) {
                SpedCsvReader.Row row;
                while ((row = r.next()) != null) {
                    rows.add(row.line() + " " + row.problem());
                }
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 200)
    void aLastLineCutShortIsAlwaysRefused(@ForAll("tables") List<List<String>> rows, @ForAll("lineEnds") String eol,
            @ForAll @IntRange(min = 1, max = 3) int keep) throws Exception {
        List<List<String>> cut = new ArrayList<>(rows);
        List<String> last = new ArrayList<>(cut.remove(cut.size() - 1));
        cut.add(last.subList(0, keep)); // fewer fields than the header
        String text = write(cut, eol, false);
        Path file = Files.createTempFile("prop", ".csv");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertThatThrownBy(() -> {
                try (SpedCsvReader r = SpedCsvReader.open(file, "t.csv", SpedFile.STUDENTS, FileFacts.scan(file),
                        ALIASES)) {
                    while (r.next() != null) {
                        // read to the end
                    }
                }
            }).isInstanceOf(ImportRefused.class).hasMessageContaining("cut short");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 100)
    void windows1252IsDetectedAndDecoded(@ForAll("tables") List<List<String>> rows) throws Exception {
        List<List<String>> latin = rows.stream().map(r -> r.stream()
                .map(c -> c.replaceAll("[^a-zA-Z0-9 ,\"'\\r\\n;=éñüßøçÉÑ-]", "")).toList())
                .filter(r -> !r.stream().allMatch(String::isEmpty)).toList();
        if (latin.isEmpty()) {
            return;
        }
        String text = write(latin, "\r\n", true);
        Path file = Files.createTempFile("prop", ".csv");
        try {
            Files.write(file, text.getBytes("windows-1252"));
            boolean nonAscii = text.chars().anyMatch(c -> c > 127);
            FileFacts facts = FileFacts.scan(file);
            assertThat(facts.validUtf8()).isEqualTo(!nonAscii);
            try (SpedCsvReader r = SpedCsvReader.open(file, "t.csv", SpedFile.STUDENTS, facts, ALIASES)) {
                List<List<String>> read = new ArrayList<>();
                SpedCsvReader.Row row;
                while ((row = r.next()) != null) {
                    List<String> cells = new ArrayList<>();
                    for (String f : FIELDS) {
                        cells.add(row.get(f));
                    }
                    read.add(cells);
                }
                assertThat(read).isEqualTo(latin.stream().map(x -> x.stream().map(String::strip).toList()).toList());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long physicalLines(List<String> row) {
        long breaks = 0;
        for (String cell : row) {
            // a CRLF inside a quoted cell is one line break, as are lone CR and LF
            breaks += cell.replace("\r\n", "\n").chars().filter(c -> c == '\n' || c == '\r').count();
        }
        return breaks + 1;
    }

    /** The rows under the students header, as RFC 4180 writes them (also for {@link ArrivingFileTest}). */
    static String write(List<List<String>> rows, String eol, boolean finalEol) throws IOException {
        StringWriter w = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator(eol).get();
        try (CSVPrinter p = new CSVPrinter(w, format)) {
            p.printRecord(HEADER);
            for (List<String> r : rows) {
                p.printRecord(r);
            }
        }
        String s = w.toString();
        return finalEol ? s : s.substring(0, s.length() - eol.length());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
