package org.spedbridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code target/sped-bridge.jar} as users run it: {@code java -jar} through a symbolic link, from a deployment
 * folder outside the checkout that holds its own copy of {@code routes/} and {@code application.properties}
 * (as ops install them), with settings in a {@code --config} file and secrets in the environment.
 * For Failsafe's {@code *IT} tests ({@code mvn verify}), which run after the jar is built.
 */
public final class PackagedJar {

    private final Path home;
    private final Path jarLink;
    private final Map<String, String> env = new HashMap<>();

    private PackagedJar(Path home, Path jarLink) {
        this.home = home;
        this.jarLink = jarLink;
    }

    /** The shaded jar Maven built (Failsafe passes its path as {@code spedbridge.jar}). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("spedbridge.jar", "target/sped-bridge.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar; build it with mvn -B verify (or mvn -B -DskipTests package)").exists();
        return jar;
    }

    /**
     * A deployment in {@code home}: {@code routes/} and {@code application.properties} copied from the checkout,
     * and {@code lib/sped-bridge.jar} a symbolic link to the built jar.
     */
    public static PackagedJar deployIn(Path home) throws IOException {
        Path checkout = Path.of("").toAbsolutePath();
        Files.createDirectories(home.resolve("lib"));
        Path link = home.resolve("lib/sped-bridge.jar");
        Files.createSymbolicLink(link, jar());
        copyTree(checkout.resolve("routes"), home.resolve("routes"));
        Files.copy(checkout.resolve("application.properties"), home.resolve("application.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        return new PackagedJar(home, link);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public Path home() {
        return home;
    }

    /** An environment variable for every process started from now on (secrets travel this way). */
    public PackagedJar env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Writes {@code settings} as a properties file in the deployment and returns its path (for --config). */
    public Path config(String name, Properties settings) throws IOException {
        Path file = home.resolve(name);
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            settings.store(w, null);
        }
        return file;
    }

    /** What a finished command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs {@code java -jar lib/sped-bridge.jar ARGS} in the deployment folder and waits for it to end. */
    public Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        String stamp = Long.toString(System.nanoTime());
        Path out = home.resolve("cmd-" + stamp + ".out");
        Path err = home.resolve("cmd-" + stamp + ".err");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("sped-bridge " + String.join(" ", args) + " did not end within " + timeout
                    + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A long-running command ({@code run}, {@code demo}); its output goes to {@code logName}.out/.err. */
    public Running start(String logName, String... args) throws IOException {
        Path out = home.resolve(logName + ".out");
        Path err = home.resolve(logName + ".err");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, out, err);
    }

    /** A started process; {@link #close()} stops it as a service manager would (SIGTERM, then kill). */
    public record Running(Process process, Path out, Path err) implements AutoCloseable {

        public String stdout() throws IOException {
            return Files.readString(out);
        }

        public String stderr() throws IOException {
            return Files.readString(err);
        }

        /** Stops it and returns its exit code. */
        public int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx512m");
        cmd.add("-jar");
        cmd.add(home.relativize(jarLink).toString());
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).directory(home.toFile());
        b.environment().putAll(env);
        return b;
    }
}
