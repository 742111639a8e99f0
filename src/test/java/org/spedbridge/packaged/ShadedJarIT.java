package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.spedbridge.support.PackagedJar;

/**
 * The shaded jar keeps what each dependency declares for {@link java.util.ServiceLoader} and Camel's
 * factory finder: every line of every {@code META-INF/services/...} file of every runtime dependency is in the
 * jar's merged file of the same name (the assembly once kept one copy, losing PostgreSQL's JDBC driver).
 */
class ShadedJarIT {

    @Test
    void everyServiceFileOfEveryRuntimeDependencySurvives() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (JarFile shaded = new JarFile(PackagedJar.jar().toFile())) {
            for (String entry : runtimeJars()) {
                try (JarFile dep = new JarFile(entry)) {
                    for (Enumeration<? extends ZipEntry> e = dep.entries(); e.hasMoreElements(); ) {
                        ZipEntry z = e.nextElement();
                        if (z.isDirectory() || !z.getName().startsWith("META-INF/services/")) {
                            continue;
                        }
                        ZipEntry merged = shaded.getEntry(z.getName());
                        if (merged == null) {
                            missing.add(z.getName() + " (from " + new File(entry).getName() + ")");
                            continue;
                        }
                        Set<String> have = lines(new String(shaded.getInputStream(merged).readAllBytes(),
                                StandardCharsets.UTF_8));
                        for (String line : lines(new String(dep.getInputStream(z).readAllBytes(),
                                StandardCharsets.UTF_8))) {
                            checked++;
                            if (!have.contains(line)) {
                                missing.add(z.getName() + ": " + line + " (from " + new File(entry).getName() + ")");
                            }
                        }
                    }
                }
            }
            assertThat(missing).as("service entries lost by the shading").isEmpty();
            assertThat(checked).as("service entries compared").isGreaterThan(100);
            assertThat(lines(new String(shaded.getInputStream(shaded.getEntry("META-INF/services/java.sql.Driver"))
                    .readAllBytes(), StandardCharsets.UTF_8)))
                    .contains("org.h2.Driver", "org.postgresql.Driver");
            assertThat(shaded.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.spedbridge.cli.SpedBridge");
        }
    }

    /** The non-blank, non-comment lines of a service file. */
    private static Set<String> lines(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    private static List<String> runtimeJars() throws IOException {
        Path file = Path.of(System.getProperty("spedbridge.runtime-classpath", "target/runtime-classpath.txt"));
        assertThat(file).as("written by maven-dependency-plugin at package time").exists();
        List<String> jars = new ArrayList<>();
        for (String p : Files.readString(file).strip().split(File.pathSeparator)) {
            if (p.endsWith(".jar")) {
                jars.add(p);
            }
        }
        assertThat(jars).as("runtime dependencies").hasSizeGreaterThan(50);
        return jars;
    }
}
