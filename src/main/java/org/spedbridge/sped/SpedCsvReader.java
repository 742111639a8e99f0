package org.spedbridge.sped;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of one SIRAS file (commons-csv, RFC 4180 quoting, CRLF or LF): UTF-8 without its
 * BOM, or Windows-1252 when the bytes are not valid UTF-8 (see {@link FileFacts}). Columns are found
 * by header name through {@link HeaderAliases}. Memory does not grow with the file.
 *
 * <p>Structural problems refuse the whole file ({@link ImportRefused}): empty, header only, a header
 * that does not parse, one column only (another delimiter), a last line cut short. A row with the
 * wrong number of fields or an unbalanced quote is returned with {@link Row#problem()} set.
 */
public final class SpedCsvReader implements Closeable {

    /** One data row: the line it starts on, its cells, and a structural problem (null when fine). */
    public static final class Row {
        private final long line;
        private final String[] cells;
        private final String problem;
        private final Map<String, Integer> columns;

        Row(long line, String[] cells, String problem, Map<String, Integer> columns) {
            this.line = line;
            this.cells = cells;
            this.problem = problem;
            this.columns = columns;
        }

        public long line() {
            return line;
        }

        public String problem() {
            return problem;
        }

        public int size() {
            return cells.length;
        }

        /** The trimmed value of a field, "" when the file has no such column or the row is short. */
        public String get(String field) {
            Integer i = columns.get(field);
            return i == null || i >= cells.length || cells[i] == null ? "" : cells[i].strip();
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false)
            .setTrailingData(true)
            .get();

    private final String fileName;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Charset charset;
    private final FileFacts facts;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> headerWarnings = new ArrayList<>();
    private int headerSize;
    private long linesConsumed;
    private Row lookahead;

    private SpedCsvReader(String fileName, CSVParser parser, Charset charset, FileFacts facts) {
        this.fileName = fileName;
        this.parser = parser;
        this.records = parser.iterator();
        this.charset = charset;
        this.facts = facts;
    }

    /** Opens a file, reads and maps its header, and checks that it has at least one data row. */
    public static SpedCsvReader open(Path path, String fileName, SpedFile kind, FileFacts facts,
            HeaderAliases aliases) throws IOException, ImportRefused {
        if (facts.size() == 0 || (facts.bom() && facts.size() == 3)) {
            throw new ImportRefused(fileName, "The " + kind.key() + " file " + fileName
                    + " is empty. SIRAS may still be writing it: let the next run try again, or ask SIRAS to rebuild it.");
        }
        Charset charset = facts.validUtf8() ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
        InputStream in = Files.newInputStream(path);
        if (facts.validUtf8() && facts.bom()) {
            in.skipNBytes(3);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset), 64 * 1024);
        SpedCsvReader r = new SpedCsvReader(fileName, FORMAT.parse(reader), charset, facts);
        try {
            r.readHeader(kind, aliases);
            r.lookahead = r.readRow();
            if (r.lookahead == null) {
                throw new ImportRefused(fileName, "The " + kind.key() + " file " + fileName
                        + " has a header but no rows. Ask SIRAS to rebuild the file; the next run tries again.");
            }
        } catch (ImportRefused | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void readHeader(SpedFile kind, HeaderAliases aliases) throws ImportRefused {
        CSVRecord header;
        try {
            header = records.next();
        } catch (NoSuchElementException | UncheckedIOException e) {
            throw new ImportRefused(fileName, "The header line of " + fileName + " cannot be read as CSV"
                    + " (an unbalanced quote?). Ask SIRAS to rebuild the file.");
        }
        linesConsumed = parser.getCurrentLineNumber();
        if (linesConsumed > 1 && facts.endsWithLineEnd()) {
            throw new ImportRefused(fileName, "The header line of " + fileName + " cannot be read as CSV"
                    + " (an unbalanced quote joins it to the next lines). Ask SIRAS to rebuild the file.");
        }
        if (header.size() == 1) {
            if (header.get(0).isBlank()) {
                throw new ImportRefused(fileName, "The " + kind.key() + " file " + fileName
                        + " starts with a blank line instead of its header. Ask SIRAS to rebuild the file.");
            }
            throw new ImportRefused(fileName, "Only one column was found in the header of " + fileName
                    + ": the file is not comma-separated (another delimiter?). Ask SIRAS to send the file comma-separated.");
        }
        headerSize = header.size();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            var field = aliases.field(kind, name);
            if (field.isEmpty()) {
                headerWarnings.add("Unknown column '" + name.strip() + "' (column " + (i + 1)
                        + ") is not imported; add it to the header aliases if it should be.");
            } else if (!HeaderAliases.UNUSED.equals(field.get())) {
                if (columns.putIfAbsent(field.get(), i) != null) {
                    headerWarnings.add("Column '" + name.strip() + "' (column " + (i + 1) + ") names the field "
                            + field.get() + " a second time; the first one is used.");
                }
            }
        }
        if (!facts.validUtf8()) {
            headerWarnings.add("The file is not valid UTF-8; it was read as Windows-1252. Check names with accents.");
        }
    }

    /** The next data row, or null at the end. A cut-off last line refuses the file. */
    public Row next() throws ImportRefused {
        Row current = lookahead;
        if (current == null) {
            return null;
        }
        lookahead = readRow();
        if (lookahead == null && !facts.endsWithLineEnd() && current.size() < headerSize) {
            throw new ImportRefused(fileName, "The last line of " + fileName + " (line " + current.line()
                    + ") is cut short: " + current.size() + " of " + headerSize
                    + " fields and no line end. The file is incomplete; nothing was imported and the next run tries again.");
        }
        return current;
    }

    /** A record as parsed, with the physical lines it spans; {@code broken} is set for an unclosed quote. */
    private record Raw(long start, long end, CSVRecord record, Row broken) {
        boolean blank() {
            return record != null && record.size() == 1 && record.get(0).isEmpty();
        }
    }

    private Raw pushedBack;

    private Row readRow() throws ImportRefused {
        while (true) {
            Raw raw = readRaw();
            if (raw == null) {
                return null;
            }
            if (raw.broken() != null) {
                return raw.broken();
            }
            if (raw.blank()) {
                if (!facts.endsWithLineEnd()) {
                    Raw after = readRaw();
                    if (after == null) {
                        // a last line holding only "" and no line end: a row cut short, not a blank line
                        return toRow(raw);
                    }
                    pushedBack = after;
                }
                continue; // blank line
            }
            return toRow(raw);
        }
    }

    private Row toRow(Raw raw) {
        CSVRecord rec = raw.record();
        String problem = null;
        if (rec.size() != headerSize) {
            problem = "Wrong number of fields: " + rec.size() + " instead of " + headerSize
                    + (raw.end() > raw.start() + 1
                            ? " (an unbalanced quote joins lines " + raw.start() + " to " + (raw.end() - 1) + ")" : "")
                    + ".";
        }
        return new Row(raw.start(), rec.values(), problem, columns);
    }

    private Raw readRaw() throws ImportRefused {
        if (pushedBack != null) {
            Raw r = pushedBack;
            pushedBack = null;
            return r;
        }
        long start = linesConsumed + 1;
        CSVRecord rec;
        try {
            rec = records.next();
        } catch (NoSuchElementException e) {
            return null;
        } catch (UncheckedIOException e) {
            if (!facts.endsWithLineEnd()) {
                throw new ImportRefused(fileName, "The last line of " + fileName + " (from line " + start
                        + ") is cut short inside a quoted value. The file is incomplete; nothing was imported"
                        + " and the next run tries again.");
            }
            // an opening quote never closed swallows the rest of the file into this row
            linesConsumed = Long.MAX_VALUE / 2;
            return new Raw(start, start, null, new Row(start, new String[0], "Unbalanced quotes: the quote opened on"
                    + " this line is never closed, so the rest of the file could not be read.", columns));
        }
        linesConsumed = parser.getCurrentLineNumber();
        return new Raw(start, linesConsumed, rec, null);
    }

    public boolean has(String field) {
        return columns.containsKey(field);
    }

    public List<String> headerWarnings() {
        return headerWarnings;
    }

    public Charset charset() {
        return charset;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
