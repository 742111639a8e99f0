package org.spedbridge.sped;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import de.siegmar.fastcsv.reader.RecordType;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Streams the rows of one SIRAS file (FastCSV, RFC 4180 quoting, CRLF, LF or CR): UTF-8 without its
 * BOM, or Windows-1252 when the bytes are not valid UTF-8 (see {@link FileFacts}). Columns are found
 * by header name through {@link HeaderAliases}. Memory does not grow with the file.
 *
 * <p>FastCSV (as {@link ReportFiles} writes the report) rather than commons-csv (the roster files, the header
 * aliases) because these two files are the nightly hot path: it reads the benchmark's 133 MB services file
 * 2.4 times as fast (bench/RESULTS.md), and the services are written as fast as they are read.
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
            return i == null ? "" : cell(i);
        }

        /** The trimmed value of a column by position (0 = the first), "" past the end of a short row. */
        public String cell(int column) {
            return column >= cells.length ? "" : cells[column].strip();
        }
    }

    /**
     * RFC 4180 as SIRAS writes it. Every row comes back whatever its number of fields (the count is checked
     * here, with a message that names the line); blank lines come back too (skipped here, or a cut-off last
     * line); characters after a closing quote are kept ({@code "ab"cd} is {@code abcd}); a quote that is never
     * closed is an error, not the rest of the file read as one value.
     */
    private static CsvReader.CsvReaderBuilder format() {
        return CsvReader.builder()
                .skipEmptyLines(false)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .allowExtraCharsAfterClosingQuote(true)
                .allowUnclosedQuote(false);
    }

    private final String fileName;
    private final CsvReader<Record> reader;
    private final Iterator<Record> records;
    private final Charset charset;
    /** The file's facts; null while it arrives, until a decision at its end needs them ({@link #facts()}). */
    private FileFacts facts;
    private final ArrivingFile arriving;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> headerWarnings = new ArrayList<>();
    private int headerSize;
    private Raw last;
    private Row lookahead;

    private SpedCsvReader(String fileName, InputStream in, Charset charset, FileFacts facts, ArrivingFile arriving) {
        this.fileName = fileName;
        this.reader = format().build(new RecordBuilder(),
                arriving != null ? new InputStreamReader(in, strictUtf8()) : new InputStreamReader(in, charset));
        this.records = reader.iterator();
        this.charset = charset;
        this.facts = facts;
        this.arriving = arriving;
    }

    /** Opens a file, reads and maps its header, and checks that it has at least one data row. */
    public static SpedCsvReader open(Path path, String fileName, SpedFile kind, FileFacts facts,
            HeaderAliases aliases) throws IOException, ImportRefused {
        if (facts.size() == 0 || (facts.bom() && facts.size() == 3)) {
            throw empty(fileName, kind);
        }
        Charset charset = facts.validUtf8() ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
        InputStream in = Files.newInputStream(path);
        if (facts.validUtf8() && facts.bom()) {
            in.skipNBytes(3);
        }
        return start(new SpedCsvReader(fileName, in, charset, facts, null), kind, aliases);
    }

    /**
     * Opens a file while it arrives ({@link ArrivingFile}): read as UTF-8 from its first bytes, its rows come as the
     * download brings them. A decision that needs the whole file (the last line's end) waits for it. Bytes that are
     * not valid UTF-8 throw {@link NotUtf8}: such a file is Windows-1252 as a whole (see {@link FileFacts}), so the
     * caller reads it again with {@link #open} once it has arrived. A failed download is an UncheckedIOException whose
     * cause is {@link ArrivingFile.DownloadFailed}.
     */
    public static SpedCsvReader openArriving(ArrivingFile file, String fileName, SpedFile kind, HeaderAliases aliases)
            throws IOException, ImportRefused {
        InputStream in = new BufferedInputStream(file.open(), 64 * 1024);
        try {
            in.mark(3);
            byte[] head = in.readNBytes(3);
            boolean bom = head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                    && (head[2] & 0xFF) == 0xBF;
            if (!bom) {
                in.reset();
            }
            in.mark(1);
            if (in.read() < 0) {
                throw empty(fileName, kind);
            }
            in.reset();
        } catch (ImportRefused | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return start(new SpedCsvReader(fileName, in, StandardCharsets.UTF_8, null, file), kind, aliases);
    }

    private static SpedCsvReader start(SpedCsvReader r, SpedFile kind, HeaderAliases aliases) throws ImportRefused {
        try {
            r.readHeader(kind, aliases);
            r.lookahead = r.readRow();
            if (r.lookahead == null) {
                throw new ImportRefused(r.fileName, "The " + kind.key() + " file " + r.fileName
                        + " has a header but no rows. Ask SIRAS to rebuild the file; the next run tries again.");
            }
        } catch (ImportRefused | RuntimeException e) {
            try {
                r.close();
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        return r;
    }

    private static ImportRefused empty(String fileName, SpedFile kind) {
        return new ImportRefused(fileName, "The " + kind.key() + " file " + fileName
                + " is empty. SIRAS may still be writing it: let the next run try again, or ask SIRAS to rebuild it.");
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The whole file's facts (a file still arriving: once it has arrived). */
    private FileFacts facts() {
        if (facts == null) {
            try {
                facts = arriving.awaitFacts();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return facts;
    }

    /**
     * A file read as it arrived holds bytes that are not valid UTF-8: it is read as Windows-1252, as a whole, once
     * it has arrived (nothing read so far counts).
     */
    public static final class NotUtf8 extends RuntimeException {
        NotUtf8(String fileName, Throwable cause) {
            super(fileName + " is not valid UTF-8", cause);
        }
    }

    private void readHeader(SpedFile kind, HeaderAliases aliases) throws ImportRefused {
        Raw raw;
        try {
            raw = readRaw();
        } catch (ImportRefused e) {
            raw = null;
        }
        if (raw == null || raw.broken() != null) {
            throw new ImportRefused(fileName, "The header line of " + fileName + " cannot be read as CSV"
                    + (raw == null ? " (an unbalanced quote?)." : ": " + raw.broken().problem())
                    + " Ask SIRAS to rebuild the file.");
        }
        String[] header = raw.record().cells();
        if (raw.record().lines() > 1 && facts().endsWithLineEnd()) {
            throw new ImportRefused(fileName, "The header line of " + fileName + " cannot be read as CSV"
                    + " (an unbalanced quote joins it to the next lines). Ask SIRAS to rebuild the file.");
        }
        if (header.length == 1) {
            if (header[0].isBlank()) {
                throw new ImportRefused(fileName, "The " + kind.key() + " file " + fileName
                        + " starts with a blank line instead of its header. Ask SIRAS to rebuild the file.");
            }
            throw new ImportRefused(fileName, "Only one column was found in the header of " + fileName
                    + ": the file is not comma-separated (another delimiter?). Ask SIRAS to send the file comma-separated.");
        }
        headerSize = header.length;
        for (int i = 0; i < headerSize; i++) {
            String name = header[i];
            var field = aliases.field(kind, name);
            if (field.isEmpty()) {
                headerWarnings.add("Unknown column '" + name.strip() + "' (column " + (i + 1)
                        + ") is not imported; add it to the header aliases if it should be.");
            } else if (!HeaderAliases.UNUSED.equals(field.get())) {
                // interned: the validator asks with string literals, so each lookup (about 15 per row) is
                // decided by identity instead of comparing the characters
                if (columns.putIfAbsent(field.get().intern(), i) != null) {
                    headerWarnings.add("Column '" + name.strip() + "' (column " + (i + 1) + ") names the field "
                            + field.get() + " a second time; the first one is used.");
                }
            }
        }
        if (charset != StandardCharsets.UTF_8) {
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
        if (lookahead == null && !facts().endsWithLineEnd() && current.size() < headerSize) {
            throw new ImportRefused(fileName, "The last line of " + fileName + " (line " + current.line()
                    + ") is cut short: " + current.size() + " of " + headerSize
                    + " fields and no line end. The file is incomplete; nothing was imported and the next run tries again.");
        }
        return current;
    }

    /** One record as read: the physical line it starts on, how many lines it spans, and its cells. */
    private record Record(long start, long lines, String[] cells) {
    }

    /**
     * Builds the records for FastCSV. It counts the lines itself (one per record plus the line breaks inside
     * quoted values; CRLF, lone CR and lone LF each one), so a row's number is the line a text editor shows.
     */
    private static final class RecordBuilder extends CsvCallbackHandler<Record> {
        /** More fields than any SIRAS layout has (about 40): such a line is not read on into memory. */
        static final int MAX_FIELDS = 1024;
        private String[] cells = new String[64];
        private int count;
        private long nextLine = 1;
        private long start;
        private long breaks;
        private RecordType type = RecordType.DATA;

        @Override
        protected RecordType getRecordType() {
            return type;
        }

        @Override
        protected int getFieldCount() {
            return count;
        }

        @Override
        protected void beginRecord(long startingLineNumber) {
            start = nextLine;
            count = 0;
            breaks = 0;
            type = RecordType.DATA;
        }

        @Override
        protected void addField(char[] buf, int offset, int len, boolean quoted) {
            if (count == MAX_FIELDS) {
                throw new TooManyFields();
            }
            if (count == cells.length) {
                cells = Arrays.copyOf(cells, count * 2);
            }
            cells[count++] = new String(buf, offset, len);
            if (quoted) {
                for (int i = offset; i < offset + len; i++) {
                    if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 == offset + len || buf[i + 1] != '\n'))) {
                        breaks++;
                    }
                }
            }
        }

        @Override
        protected void setComment(char[] buf, int offset, int len) {
            throw new IllegalStateException("comment lines are not read (CommentStrategy.NONE)");
        }

        @Override
        protected void setEmpty() {
            type = RecordType.EMPTY;
            cells[0] = "";
            count = 1;
        }

        @Override
        protected Record buildRecord() {
            nextLine = start + breaks + 1;
            return new Record(start, breaks + 1, Arrays.copyOf(cells, count));
        }
    }

    /** Thrown by {@link RecordBuilder} at {@link RecordBuilder#MAX_FIELDS}; FastCSV hands it on as the cause. */
    private static final class TooManyFields extends RuntimeException {
        TooManyFields() {
            super("more than " + RecordBuilder.MAX_FIELDS + " fields", null, false, false);
        }
    }

    /** A record as read, or a quote never closed ({@code broken}: the rest of the file could not be read). */
    private record Raw(long start, Record record, Row broken) {
        boolean blank() {
            return record != null && record.cells().length == 1 && record.cells()[0].isEmpty();
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
                Raw after = readRaw();
                if (after == null && !facts().endsWithLineEnd()) {
                    // a last line holding only "" and no line end: a row cut short, not a blank line
                    return toRow(raw);
                }
                pushedBack = after;
                continue; // blank line
            }
            return toRow(raw);
        }
    }

    private Row toRow(Raw raw) {
        Record rec = raw.record();
        String problem = null;
        if (rec.cells().length != headerSize) {
            long lines = rec.lines();
            problem = "Wrong number of fields: " + rec.cells().length + " instead of " + headerSize
                    + (lines > 1 ? " (an unbalanced quote joins lines " + raw.start() + " to "
                            + (raw.start() + lines - 1) + ")" : "")
                    + ".";
        }
        return new Row(raw.start(), rec.cells(), problem, columns);
    }

    private Raw readRaw() throws ImportRefused {
        if (pushedBack != null) {
            Raw r = pushedBack;
            pushedBack = null;
            return r;
        }
        if (last != null && last.broken() != null) {
            return null; // an unclosed quote took the rest of the file
        }
        Record rec;
        try {
            if (!records.hasNext()) {
                return null;
            }
            rec = records.next();
        } catch (CsvParseException e) {
            long start = last == null ? 1 : last.start() + last.record().lines();
            String problem;
            if (e.getCause() instanceof TooManyFields) {
                problem = "More than " + RecordBuilder.MAX_FIELDS + " fields on this line: it is not a row of a SIRAS"
                        + " file, so it and the rest of the file could not be read. Check that the file is SIRAS' export.";
            } else {
                // the one parse error these settings leave: a quote opened and never closed before the end of the file
                if (!facts().endsWithLineEnd()) {
                    throw new ImportRefused(fileName, "The last line of " + fileName + " (from line " + start
                            + ") is cut short inside a quoted value. The file is incomplete; nothing was imported"
                            + " and the next run tries again.");
                }
                problem = "Unbalanced quotes: the quote opened on this line is never closed, so the rest of the"
                        + " file could not be read.";
            }
            last = new Raw(start, null, new Row(start, new String[0], problem, columns));
            return last;
        } catch (UncheckedIOException e) {
            if (arriving != null && e.getCause() instanceof CharacterCodingException) {
                throw new NotUtf8(fileName, e.getCause());
            }
            if (e.getCause() instanceof ArrivingFile.DownloadFailed) {
                throw e;
            }
            throw new ImportRefused(fileName, "The file " + fileName + " could not be read: "
                    + e.getCause().getMessage() + ". Nothing was imported; the next run tries again.");
        }
        last = new Raw(rec.start(), rec, null);
        return last;
    }

    public boolean has(String field) {
        return columns.containsKey(field);
    }

    /** The position of a field's column in this file (see {@link Row#cell}), or -1 when the file has none. */
    public int column(String field) {
        return columns.getOrDefault(field, -1);
    }

    public List<String> headerWarnings() {
        return headerWarnings;
    }

    public Charset charset() {
        return charset;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
