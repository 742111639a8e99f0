package org.spedbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spedbridge.support.TestPostgres.Decision;
import org.spedbridge.support.TestPostgres.ServerProbe.Answer;
import org.spedbridge.support.TestPostgres.Unavailable;
import org.spedbridge.support.TestPostgres.Use;

/** Which PostgreSQL the tests use, and the one line they print when there is none. */
class TestPostgresTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final AtomicInteger embeddedStarts = new AtomicInteger();

    private Decision decide(String mode, Answer server, boolean root, TestPostgres.Embedded embedded) {
        return TestPostgres.decide(URL, "postgres", mode, (u, user) -> server, root, () -> {
            embeddedStarts.incrementAndGet();
            return embedded.start();
        }, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printedLines() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aServerThatAnswersIsUsedAndNothingIsStarted() {
        Decision d = decide("auto", Answer.ANSWERS, true, () -> "jdbc:postgresql://localhost:1/postgres");
        assertThat(d).isEqualTo(new Use(URL, "postgres", "PostgreSQL tests: the server at " + URL + "."));
        assertThat(embeddedStarts).hasValue(0);
        assertThat(printedLines()).isEqualTo("PostgreSQL tests: the server at " + URL + "." + System.lineSeparator());
    }

    @Test
    void noServerStartsAnEmbeddedOneWhenNotRoot() {
        Decision d = decide("auto", Answer.NOTHING, false, () -> "jdbc:postgresql://localhost:40001/postgres");
        assertThat(d).isInstanceOf(Use.class);
        assertThat(((Use) d).url()).isEqualTo("jdbc:postgresql://localhost:40001/postgres");
        assertThat(((Use) d).user()).isEqualTo("postgres");
        assertThat(printedLines()).contains("no server answers at " + URL, "started an embedded PostgreSQL");
        assertThat(embeddedStarts).hasValue(1);
    }

    @Test
    void asRootWithNoServerTheRunSaysSoInOneLineWithTheFix() {
        Decision d = decide("auto", Answer.NOTHING, true, () -> {
            throw new AssertionError("initdb must not even be tried as root");
        });
        assertThat(d).isInstanceOf(Unavailable.class);
        String line = ((Unavailable) d).line();
        assertThat(line).doesNotContain("\n")
                .startsWith("PostgreSQL tests cannot run: no server answers at " + URL)
                .contains("initdb refuses to run as root", "start a PostgreSQL server at " + URL,
                        "run the tests as another user");
        assertThat(printedLines()).isEqualTo(line + System.lineSeparator()); // printed once, alone on its line
        assertThat(embeddedStarts).hasValue(0);
    }

    @Test
    void anEmbeddedServerThatFailsToStartIsOneLineWithItsCause() {
        Decision d = decide("auto", Answer.NOTHING, false, () -> {
            throw new IllegalStateException("Process [initdb, -A, trust]\nfailed");
        });
        String line = ((Unavailable) d).line();
        assertThat(line).doesNotContain("\n").contains("did not start (IllegalStateException: Process [initdb, -A, trust] failed)",
                "start a PostgreSQL server at " + URL);
    }

    @Test
    void ciAsksForTheServerAndNeverFallsBack() {
        Decision d = decide("server", Answer.NOTHING, false, () -> "jdbc:postgresql://localhost:40001/postgres");
        assertThat(((Unavailable) d).line()).contains("no server answers at " + URL, "SPEDBRIDGE_TEST_PG=server",
                "pg_ctlcluster");
        assertThat(embeddedStarts).hasValue(0);
    }

    @Test
    void aServerThatRefusesTheLoginIsNotReplacedSilently() {
        Decision d = decide("auto", Answer.REFUSES, false, () -> "jdbc:postgresql://localhost:40001/postgres");
        assertThat(((Unavailable) d).line()).contains("answers but refuses user postgres", "SPEDBRIDGE_TEST_PG_URL");
        assertThat(embeddedStarts).hasValue(0);
    }

    @Test
    void theRealProbeSaysNothingAnswersOnAPortWhereNoServerListens() {
        int port = FreePort.find();
        assertThat(TestPostgres.answers("jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres")).isEqualTo(Answer.NOTHING);
    }
}
