package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * docs/siras-files.md shows each SIRAS file's fields as {@link SirasLayout} declares them (the one place for
 * them): the tables between its BEGIN and END markers are generated here from the layout and the built-in header
 * aliases, and this test fails when the document is not current. To bring it up to date after a layout change:
 * {@code mvn -o -q test -Dtest=SirasFilesDocTest -Dsiras-files.write=true}, then review the diff.
 */
class SirasFilesDocTest {

    static final Path DOC = Path.of("docs", "siras-files.md");

    @Test
    void theDocumentShowsTheLayoutsAsTheyAre() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String current = doc;
        for (SirasLayout layout : List.of(SirasLayout.STUDENTS, SirasLayout.SERVICES)) {
            current = replaceSection(current, layout.file().key(), table(layout));
        }
        if (Boolean.getBoolean("siras-files.write")) {
            Files.writeString(DOC, current, StandardCharsets.UTF_8);
        }
        assertThat(doc).as("docs/siras-files.md must show SirasLayout as it is: run mvn -o -q test"
                + " -Dtest=SirasFilesDocTest -Dsiras-files.write=true and review the diff").isEqualTo(current);
    }

    @Test
    void everyNameAndDemographicFieldOfTheStudentsFileIsReadOnlyAndNoStoredFieldIs() {
        for (String name : List.of("first_name", "last_name", "birthdate", "gender", "grade")) {
            assertThat(SirasLayout.STUDENTS.field(name).readOnly()).as(name).isTrue();
        }
        for (SirasLayout layout : List.of(SirasLayout.STUDENTS, SirasLayout.SERVICES)) {
            assertThat(layout.fields()).filteredOn(Field::readOnly)
                    .allSatisfy(f -> assertThat(f.stored()).as(f.name()).isNull());
        }
    }

    private static String replaceSection(String doc, String key, String table) {
        String begin = "<!-- BEGIN " + key + " fields: generated from SirasLayout by SirasFilesDocTest -->\n";
        String end = "<!-- END " + key + " fields -->";
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertThat(from).as("docs/siras-files.md has the line: " + begin.strip()).isNotNegative();
        assertThat(to).as("docs/siras-files.md has the line: " + end).isGreaterThan(from);
        return doc.substring(0, from + begin.length()) + table + doc.substring(to);
    }

    /** The layout as a Markdown table, one row per field in the order rows are checked. */
    static String table(SirasLayout layout) throws Exception {
        Map<String, List<String>> headers = aliases(layout.file().key());
        StringBuilder t = new StringBuilder();
        t.append("| # | field | header names (matched without case) | type, limit | the SIS | a problem in it is |\n");
        t.append("|---|---|---|---|---|---|\n");
        for (Field f : layout.fields()) {
            t.append("| ").append(f.index() + 1)
                    .append(" | `").append(f.name()).append('`')
                    .append(" | ").append(String.join(", ", headers.getOrDefault(f.name(), List.of())))
                    .append(" | ").append(type(f))
                    .append(" | ").append(use(layout, f))
                    .append(" | ").append(problem(f))
                    .append(" |\n");
        }
        List<String> unused = headers.getOrDefault(HeaderAliases.UNUSED, List.of());
        if (!unused.isEmpty()) {
            t.append("\nOther known columns, not read (no \"unknown column\" warning): ")
                    .append(String.join(", ", unused)).append(".\n");
        }
        return t.toString();
    }

    private static String type(Field f) {
        List<String> parts = new ArrayList<>();
        switch (f.kind()) {
            case KNOWN -> parts.add("(not read)");
            case RECORD_TYPE -> parts.add("`" + f.accepted().get(0) + "`");
            case TRANSACTION -> parts.add(String.join(" or ", f.accepted().stream()
                    .map(a -> a.isEmpty() ? "blank" : "`" + a.toUpperCase(Locale.ROOT) + "`").toList()) + " applied");
            case SSID -> parts.add("10 digits");
            case TEXT -> {
                parts.add("text, at most " + f.maxLength());
                if (f.characters() != Field.Characters.PRINTABLE) {
                    parts.add(f.characters().what());
                }
            }
            case DATE -> parts.add("date (CCYYMMDD, YYYY-MM-DD or MM/DD/YYYY)");
            case MINUTES -> parts.add("whole minutes");
        }
        if (f.codes() != null) {
            parts.add(f.codes().what() + " codes");
        }
        if (f.missing() != null) {
            parts.add("required");
        }
        return String.join("; ", parts);
    }

    private static String use(SirasLayout layout, Field f) {
        String table = layout.file() == SpedFile.STUDENTS ? "sped_record" : "sped_service";
        if (f.stored() != null) {
            return "**stores** it: `" + table + "." + f.stored() + "`"
                    + (f.name().equals(SirasLayout.SSID) ? "; match key" : "");
        }
        if (f.readOnly()) {
            return "**reads only**" + (f.staged() != null ? " (matching hint, report column)" : " (checked, not kept)");
        }
        if (f.name().equals(SirasLayout.LOCAL_ID)) {
            return "reads: match key";
        }
        List<String> makes = layout.derived().stream().filter(d -> d.stored() && d.from().contains(f.name()))
                .map(d -> "`" + table + "." + d.column() + "`").toList();
        if (!makes.isEmpty() && f.stored() == null) {
            return "reads: makes " + String.join(", ", makes);
        }
        return switch (f.kind()) {
            case KNOWN -> "does not read it";
            case RECORD_TYPE -> "reads: checked";
            case TRANSACTION -> "reads: which rows apply";
            default -> throw new AssertionError(layout.file().key() + " field " + f.name() + " is neither stored, nor"
                    + " read-only, nor a key, nor the source of a stored value: say in SirasLayout what it is for");
        };
    }

    private static String problem(Field f) {
        if (f.kind() == Field.Kind.KNOWN) {
            return "-";
        }
        if (f.kind() == Field.Kind.TRANSACTION) {
            return "another value: row ignored";
        }
        if (f.kind() == Field.Kind.RECORD_TYPE) {
            return "another value: warning, row imported";
        }
        if (f.readOnly()) {
            return "warning, row imported";
        }
        return "error, row refused" + (f.codes() == null ? "" : "; an unknown code: warning, stored as given");
    }

    /** The built-in header names of each field of a file, in the alias file's order (the CALPADS name first). */
    private static Map<String, List<String>> aliases(String fileKey) throws Exception {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        try (Reader r = new InputStreamReader(Objects.requireNonNull(SirasFilesDocTest.class.getClassLoader()
                .getResourceAsStream(HeaderAliases.RESOURCE)), StandardCharsets.UTF_8)) {
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                    .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
            for (CSVRecord rec : format.parse(r)) {
                if (rec.get("file").equals(fileKey)) {
                    byField.computeIfAbsent(rec.get("field"), k -> new ArrayList<>()).add(rec.get("alias"));
                }
            }
        }
        return byField;
    }
}
