package org.spedbridge.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.sped.FileFacts;
import org.spedbridge.sped.HeaderAliases;
import org.spedbridge.sped.ReportFiles;
import org.spedbridge.sped.SpedCsvReader;
import org.spedbridge.sped.SpedFile;

/**
 * Why the nightly files are read and written with FastCSV: in one JVM, rounds alternating, the import's reader
 * ({@link SpedCsvReader}, FastCSV) against commons-csv 1.14 set up as the reader was before (RFC 4180, blank
 * lines kept, trailing data), over the synthetic district's tableB; and the services list
 * ({@link ReportFiles.ServiceLists}, FastCSV's writer) against commons-csv's CSVPrinter printing into a
 * StringBuilder handed to the file 64 KB at a time (the writer before). Every cell is read in both readers.
 *
 * <p>{@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.main=CsvBench -Dbench.args="services=1000000 rounds=5"}
 * (the first argument, {@code bench.db}, is not used).
 */
public final class CsvBench {

    public static void main(String[] args) throws Exception {
        int services = 1_000_000;
        int rounds = 5;
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            switch (kv[0]) {
                case "services" -> services = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path work = Path.of("bench/work", "csv-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss"))).toAbsolutePath();
        SyntheticDistrict district = SyntheticDistrict.of(1, services / 8, services / 10, services);
        district.writeSiras(work);
        Path tableB = work.resolve(SyntheticDistrict.TABLE_B);
        FileFacts facts = FileFacts.scan(tableB);
        HeaderAliases aliases = HeaderAliases.load(null);
        System.out.println("# CsvBench " + (Files.size(tableB) >> 20) + " MB tableB, " + services + " rows, "
                + rounds + " rounds (round 1 is cold)");
        System.out.println("| round | read: commons-csv ms | read: FastCSV (SpedCsvReader) ms | ratio |"
                + " write list: commons-csv ms | write list: FastCSV (ServiceLists) ms | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            long a = readCommons(tableB);
            long t1 = System.nanoTime();
            long b = readFast(tableB, facts, aliases);
            long t2 = System.nanoTime();
            if (a != b) {
                throw new IllegalStateException("the readers read different cells: " + a + " vs " + b);
            }
            writeCommons(work.resolve("list-commons.csv"), services);
            long t3 = System.nanoTime();
            writeFast(work.resolve("list-fast"), services);
            long t4 = System.nanoTime();
            if (Files.size(work.resolve("list-commons.csv"))
                    != Files.size(work.resolve("list-fast").resolve(ReportFiles.SERVICES_IMPORTED))) {
                throw new IllegalStateException("the two lists differ in size");
            }
            System.out.printf("| %d | %d | %d | %.2f | %d | %d | %.2f |%n", r, ms(t1 - t0), ms(t2 - t1),
                    (double) (t1 - t0) / (t2 - t1), ms(t3 - t2), ms(t4 - t3), (double) (t3 - t2) / (t4 - t3));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Characters in all cells, as a check that both readers read the same. */
    private static long readCommons(Path file) throws Exception {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setTrailingData(true).get();
        long chars = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), 64 * 1024); CSVParser parser = format.parse(in)) {
            boolean header = true;
            for (CSVRecord rec : parser) {
                if (header) {
                    header = false;
                    continue;
                }
                for (String cell : rec.values()) {
                    chars += cell.strip().length();
                }
            }
        }
        return chars;
    }

    private static long readFast(Path file, FileFacts facts, HeaderAliases aliases) throws Exception {
        long chars = 0;
        try (SpedCsvReader reader = SpedCsvReader.open(file, SyntheticDistrict.TABLE_B, SpedFile.SERVICES, facts,
                aliases)) {
            SpedCsvReader.Row row;
            while ((row = reader.next()) != null) {
                for (int i = 0; i < row.size(); i++) {
                    chars += row.cell(i).length();
                }
            }
        }
        return chars;
    }

    private static void writeCommons(Path file, int lines) throws Exception {
        StringBuilder chunk = new StringBuilder(128 * 1024);
        try (OutputStream out = Files.newOutputStream(file); CSVPrinter printer = new CSVPrinter(chunk,
                CSVFormat.DEFAULT.builder().setHeader("OriginalLineNumber", "SSID", "StudentID", "ServiceCode").get())) {
            for (int i = 0; i < lines; i++) {
                printer.printRecord((long) i + 2, "1123456789", 100_000 + i / 10, "330");
                if (chunk.length() >= 64 * 1024) {
                    out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                    chunk.setLength(0);
                }
            }
            printer.flush();
            out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeFast(Path dir, int lines) throws Exception {
        try (ReportFiles.ServiceLists lists = new ReportFiles.ServiceLists(dir)) {
            for (int i = 0; i < lines; i++) {
                lists.imported((long) i + 2, "1123456789", 100_000 + i / 10, "330");
            }
        }
    }
}
