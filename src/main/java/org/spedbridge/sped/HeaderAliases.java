package org.spedbridge.sped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.spedbridge.config.ConfigException;

/**
 * Header name -> field, per file, as data: the built-in {@code sped/header-aliases.csv} plus an
 * optional file (setting {@code siras.import.header-aliases-file}) with the same columns
 * ({@code file,field,alias}) that an engineer extends without recompiling. Matching ignores case and
 * surrounding spaces. The field {@code unused} marks a known column the import does not store.
 */
public final class HeaderAliases {

    public static final String RESOURCE = "sped/header-aliases.csv";
    public static final String UNUSED = "unused";

    private final Map<SpedFile, Map<String, String>> byFile = new EnumMap<>(SpedFile.class);

    private HeaderAliases() {
        for (SpedFile f : SpedFile.values()) {
            byFile.put(f, new HashMap<>());
        }
    }

    /** The built-in table plus {@code extraFile} when it exists (null or missing: built-in only). */
    public static HeaderAliases load(Path extraFile) {
        HeaderAliases aliases = new HeaderAliases();
        try (InputStream in = HeaderAliases.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            aliases.read(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
            if (extraFile != null && Files.isRegularFile(extraFile)) {
                try (Reader r = Files.newBufferedReader(extraFile, StandardCharsets.UTF_8)) {
                    aliases.read(r, extraFile.toString());
                }
            }
        } catch (IOException e) {
            throw new ConfigException("Cannot read the header aliases: " + e.getMessage()
                    + ". Check the file named by siras.import.header-aliases-file.", e);
        }
        return aliases;
    }

    private void read(Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setCommentMarker('#').setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        for (CSVRecord r : format.parse(reader)) {
            if (r.size() < 3) {
                throw new ConfigException("Line " + r.getRecordNumber() + " of " + source
                        + " needs three columns: file,field,alias.");
            }
            SpedFile file = switch (r.get("file").toLowerCase(Locale.ROOT)) {
                case "students" -> SpedFile.STUDENTS;
                case "services" -> SpedFile.SERVICES;
                default -> throw new ConfigException("Line " + r.getRecordNumber() + " of " + source
                        + ": file must be 'students' or 'services', not '" + r.get("file") + "'.");
            };
            byFile.get(file).put(normalise(r.get("alias")), r.get("field").trim().toLowerCase(Locale.ROOT));
        }
    }

    /** The field a header names in that file, if it is known. */
    public Optional<String> field(SpedFile file, String header) {
        return Optional.ofNullable(byFile.get(file).get(normalise(header)));
    }

    /** The fields the aliases name for a file. */
    public java.util.Set<String> fields(SpedFile file) {
        return java.util.Set.copyOf(byFile.get(file).values());
    }

    static String normalise(String header) {
        return header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
    }
}
