package org.spedbridge.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The baseline of the import benchmark: the database's own bulk path loads the same two files into
 * typed tables shaped like the files (one column per file column; "... Date" columns DATE from CCYYMMDD,
 * "Local Student ID" and "Service Duration" INTEGER, the rest VARCHAR(255); no keys, no indexes):
 * tableA into {@code bench_base_a} (the sped_record-like columns), tableB into {@code bench_base_b}
 * (the sped_service-like columns), in one transaction, committed.
 * PostgreSQL: {@code COPY ... FROM STDIN (FORMAT csv, HEADER true)} through CopyManager.
 * H2: {@code INSERT INTO ... SELECT <casts> FROM CSVREAD(file)}.
 * No validation, no matching, no merge, no report: a lower bound for moving the bytes into typed rows.
 */
final class BulkBaseline {

    record Loaded(long rowsA, long rowsB, long millis) {
    }

    private BulkBaseline() {
    }

    static Loaded load(Connection c, boolean postgres, Path tableA, Path tableB) throws SQLException, IOException {
        List<String> headersA = header(tableA);
        List<String> headersB = header(tableB);
        drop(c);
        long t0 = System.nanoTime();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            create(c, "bench_base_a", headersA);
            create(c, "bench_base_b", headersB);
            if (postgres) {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                copyIn(copy, "bench_base_a", tableA);
                copyIn(copy, "bench_base_b", tableB);
            } else {
                csvRead(c, "bench_base_a", headersA, tableA);
                csvRead(c, "bench_base_b", headersB, tableB);
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Loaded(count(c, "bench_base_a"), count(c, "bench_base_b"), ms);
    }

    static void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_base_a");
            s.execute("DROP TABLE IF EXISTS bench_base_b");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static List<String> header(Path file) throws IOException {
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> out = new ArrayList<>();
            for (String h : r.readLine().split(",")) {
                out.add(h.replace("\"", "").replace("\uFEFF", "").trim());
            }
            return out;
        }
    }

    static String column(String header) {
        String c = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return c.length() > 60 ? c.substring(0, 60) : c;
    }

    private enum Type { DATE, INT, TEXT }

    private static Type type(String header) {
        if (header.endsWith("Date")) {
            return Type.DATE;
        }
        if (header.equals("Local Student ID") || header.equals("Service Duration")) {
            return Type.INT;
        }
        return Type.TEXT;
    }

    private static void create(Connection c, String table, List<String> headers) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + table + " (");
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            sql.append(i == 0 ? "" : ", ").append(column(h)).append(' ').append(switch (type(h)) {
                case DATE -> "DATE";
                case INT -> "INTEGER";
                case TEXT -> "VARCHAR(255)";
            });
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql.append(')').toString());
        }
    }

    private static void copyIn(CopyManager copy, String table, Path file) throws SQLException, IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            copy.copyIn("COPY " + table + " FROM STDIN (FORMAT csv, HEADER true)", r, 256 * 1024);
        }
    }

    private static void csvRead(Connection c, String table, List<String> headers, Path file) throws SQLException {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            String v = "NULLIF(\"" + h + "\", '')";
            select.append(i == 0 ? "" : ", ").append(switch (type(h)) {
                case DATE -> "CAST(PARSEDATETIME(" + v + ", 'yyyyMMdd') AS DATE)";
                case INT -> "CAST(" + v + " AS INTEGER)";
                case TEXT -> v;
            });
        }
        try (Statement s = c.createStatement()) {
            // the file path is ours (bench/work), not user input
            s.executeUpdate("INSERT INTO " + table + " SELECT " + select + " FROM CSVREAD('"
                    + file.toAbsolutePath().toString().replace("'", "''") + "', NULL, 'charset=UTF-8')");
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
