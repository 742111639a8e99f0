package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;

/**
 * A start that finds no route where camel.main.routes-include-pattern points is refused (exit 5, naming the folder
 * and the pattern) by each command that runs the routes: run, import-now, demo. The packaged jar as a process.
 */
class NoRoutesIT {

    private static final Duration COMMAND = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    private PackagedJar jar;
    private Path config;

    @BeforeEach
    void deploy() throws Exception {
        jar = PackagedJar.deployIn(tmp.resolve("opt/sped-bridge"));
        Properties p = new Properties();
        p.setProperty("district.cds-code", "1234567");
        p.setProperty("siras.sftp.username", "1234567");
        p.setProperty("siras.sftp.password", "not-used");
        p.setProperty("db.url", "jdbc:h2:file:" + tmp.resolve("db/sped-bridge") + ";AUTO_SERVER=FALSE");
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        config = jar.config("district.properties", p);
    }

    private void emptyRoutes() throws Exception {
        try (Stream<Path> files = Files.list(jar.home().resolve("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void eachCommandThatRunsTheRoutesRefusesAnEmptyRoutesFolder() throws Exception {
        emptyRoutes();
        Path routes = jar.home().resolve("routes");
        for (List<String> command : List.of(List.of("run"), List.of("import-now"),
                List.of("demo", "--exit", "--dir", tmp.resolve("demo").toString()))) {
            PackagedJar.Result r = jar.run(COMMAND, Stream.concat(Stream.of("--config", config.toString()),
                    command.stream()).toArray(String[]::new));
            assertThat(r.exitCode()).as(command + "\n" + r).isEqualTo(5);
            assertThat(r.err()).as(command.get(0)).contains("No route file was found in " + routes)
                    .contains("camel.main.routes-include-pattern=file:routes/*.yaml").contains("Nothing was started");
        }
        // the commands that do not run the routes do not need them
        PackagedJar.Result keys = jar.run(COMMAND, "--config", config.toString(), "keys", "list");
        assertThat(keys.exitCode()).as(keys.toString()).isZero();
    }

    @Test
    void aRoutesLinkToNothingAndRouteFilesWithoutARouteAreRefused() throws Exception {
        Path routes = jar.home().resolve("routes");
        emptyRoutes();
        Files.delete(routes.resolve(".gitkeep"));
        Files.delete(routes);
        Files.createSymbolicLink(routes, tmp.resolve("releases/gone/routes"));
        PackagedJar.Result dangling = jar.run(COMMAND, "--config", config.toString(), "run");
        assertThat(dangling.exitCode()).as(dangling.toString()).isEqualTo(5);
        assertThat(dangling.err()).contains("The routes folder " + routes + " does not exist");

        Path empty = Files.createDirectories(tmp.resolve("releases/r2/routes"));
        Files.writeString(empty.resolve("nothing.camel.yaml"), "# no route here yet\n[]\n");
        Files.delete(routes);
        Files.createSymbolicLink(routes, empty);
        PackagedJar.Result noRoute = jar.run(COMMAND, "--config", config.toString(), "run");
        assertThat(noRoute.exitCode()).as(noRoute.toString()).isEqualTo(5);
        assertThat(noRoute.err()).contains("No route was found in " + routes + " (a link to " + empty.toRealPath() + ")")
                .contains("camel.main.routes-include-pattern=file:routes/*.yaml");
    }
}
