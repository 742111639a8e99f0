package org.spedbridge.sped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spedbridge.sped.SpedKit.SERVICES_HEADER;
import static org.spedbridge.sped.SpedKit.STUDENTS_HEADER;
import static org.spedbridge.sped.SpedKit.csv;
import static org.spedbridge.sped.SpedKit.lines;
import static org.spedbridge.sped.SpedKit.service;
import static org.spedbridge.sped.SpedKit.student;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.support.TestDatabases;

/** Files that cannot be imported at all: the pair is REFUSED and nothing is written. */
class SirasImporterRefusalTest {

    @TempDir
    Path tmp;

    private static final String GOOD_STUDENTS = lines(STUDENTS_HEADER,
            student("A", "1000000001", "", "Ana", "Ok", "20150101"),
            student("A", "1000000002", "", "Ben", "Ok", "20150101"));
    private static final String GOOD_SERVICES = lines(SERVICES_HEADER, service("A", "1000000001", "", "330"));

    static Stream<Arguments> cases() {
        String cutStudents = GOOD_STUDENTS + "SPED,A,1964212,1964212,2025-2026,1000000003,,Cut";
        String cutInQuotes = GOOD_STUDENTS + "SPED,A,1964212,1964212,2025-2026,1000000003,,\"Cu";
        String cutServices = GOOD_SERVICES + "SSRV,A,1000000002,,330,100";
        return Stream.of(
                Arguments.of("missing key header", lines("FIRST_NAME,LAST_NAME", "Ana,Ok"), GOOD_SERVICES,
                        "neither an SSID nor a Local Student ID column"),
                Arguments.of("services without key header", GOOD_STUDENTS, lines("SERVICE_CODE,PROVIDER", "330,100"),
                        "neither an SSID nor a Local Student ID column"),
                Arguments.of("empty students file", "", GOOD_SERVICES, "is empty"),
                Arguments.of("empty services file", GOOD_STUDENTS, "", "is empty"),
                Arguments.of("header only", lines(STUDENTS_HEADER), GOOD_SERVICES, "has a header but no rows"),
                Arguments.of("header and blank lines only", STUDENTS_HEADER + "\r\n\r\n", GOOD_SERVICES,
                        "has a header but no rows"),
                Arguments.of("wrong delimiter", GOOD_STUDENTS.replace(',', ';'), GOOD_SERVICES,
                        "Only one column was found"),
                Arguments.of("header does not parse", lines("SSID,\"FIRST_NAME", "1000000001,Ana"), GOOD_SERVICES,
                        "header line"),
                Arguments.of("last students line cut short", cutStudents, GOOD_SERVICES, "is cut short"),
                Arguments.of("last students line cut inside quotes", cutInQuotes, GOOD_SERVICES, "is cut short"),
                Arguments.of("last services line cut short", GOOD_STUDENTS, cutServices, "is cut short"));
    }

    static Stream<Arguments> casesOnBothDatabases() {
        return cases().flatMap(c -> TestDatabases.all().stream().map(kind -> {
            Object[] a = c.get();
            return Arguments.of(kind, a[0], a[1], a[2], a[3]);
        }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("casesOnBothDatabases")
    void refusesAndWritesNothing(TestDatabases.Kind kind, String what, String students, String services,
            String reason) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            k.roster(1001, "1000000001", 3);
            k.roster(1002, "1000000002", 3);
            k.sql("INSERT INTO sped_record (student_id, plan_type_code) VALUES (1002, '900')");
            k.sql("INSERT INTO sped_service (student_id, line_number, service_code) VALUES (1001, 9, '415')");
            List<List<String>> before = k.snapshot();

            ImportResult r = k.run(k.file(students), k.file(services));

            assertThat(r.status()).as(r.message()).isEqualTo(ImportStatus.REFUSED);
            assertThat(r.status().exitCode()).isEqualTo(3);
            assertThat(r.message()).contains(reason);
            assertThat(k.snapshot()).isEqualTo(before);
            assertThat(k.staged()).isZero();
            assertThat(k.rows("SELECT status, message FROM import_run WHERE id = " + r.runId()).get(0))
                    .containsExactly("REFUSED", r.message());
            assertThat(k.rows("SELECT kind, reason FROM import_issue WHERE run_id = " + r.runId()))
                    .containsExactly(List.of("error", r.message()));
            assertThat(r.attachments()).hasSize(1);
            assertThat(csv(r.attachments().get(0))).hasSize(2).last()
                    .satisfies(row -> assertThat(row.get(4)).isEqualTo(r.message()));
        }
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void aMissingFileIsRefused(TestDatabases.Kind kind) throws Exception {
        try (SpedKit k = new SpedKit(kind, tmp)) {
            ImportResult r = k.run(new ImportRequest("test",
                    new SourceFile("tableA.csv", 0, null, tmp.resolve("nope.csv")), SourceFile.local(k.file(GOOD_SERVICES))));
            assertThat(r.status()).isEqualTo(ImportStatus.REFUSED);
            assertThat(r.message()).contains("does not exist");
        }
    }
}
