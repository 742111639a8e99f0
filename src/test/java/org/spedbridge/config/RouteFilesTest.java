package org.spedbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route files behind {@code camel.main.routes-include-pattern} in each deployment layout: a folder, a folder
 * that is a symbolic link, a folder of links into {@code ..data/} (a Kubernetes ConfigMap volume).
 */
class RouteFilesTest {

    @TempDir
    Path dir;

    private Path release() throws Exception {
        Path real = Files.createDirectories(dir.resolve("releases/r1/routes"));
        Files.writeString(real.resolve("a.camel.yaml"), "- route: {}\n");
        Files.writeString(real.resolve("b.camel.yaml"), "- route: {}\n");
        Files.writeString(real.resolve("notes.txt"), "not a route\n");
        return real;
    }

    /** A ConfigMap volume: {@code ..<timestamp>/} holds the files, {@code ..data} links to it, each file links into it. */
    private Path configMap(Path volume, String... names) throws Exception {
        Path stamp = Files.createDirectories(volume.resolve("..2026_12_02_04_00_00.123456789"));
        Files.createSymbolicLink(volume.resolve("..data"), Path.of(stamp.getFileName().toString()));
        for (String name : names) {
            Files.writeString(stamp.resolve(name), "- route: {}\n");
            Files.createSymbolicLink(volume.resolve(name), Path.of("..data", name));
        }
        return volume;
    }

    private static List<String> names(RouteFiles files) {
        return files.locations().stream().map(l -> Path.of(l.substring("file:".length())).getFileName().toString())
                .toList();
    }

    @Test
    void aPlainFolder() throws Exception {
        Path routes = release();
        RouteFiles files = RouteFiles.find("file:" + routes + "/*.yaml").requireAny();
        assertThat(names(files)).containsExactly("a.camel.yaml", "b.camel.yaml");
        assertThat(files.camelPattern()).isEqualTo("file:" + routes.resolve("a.camel.yaml") + ",file:"
                + routes.resolve("b.camel.yaml"));
    }

    @Test
    void aFolderThatIsASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("routes"), release());
        // why Camel itself loads no route from it: its scan walks the link without following it
        assertThat(ResourceHelper.findInFileSystem(link, "*.yaml")).isEmpty();

        RouteFiles files = RouteFiles.find("file:" + link + "/*.yaml").requireAny();
        assertThat(files.locations()).containsExactly("file:" + link.resolve("a.camel.yaml"),
                "file:" + link.resolve("b.camel.yaml"));
    }

    @Test
    void aFolderThatIsARelativeLinkNamedRelativeToTheWorkingFolder() throws Exception {
        // the usual pattern, file:routes/*.yaml, is relative: resolved against the working folder (here: the checkout)
        RouteFiles files = RouteFiles.find("file:routes/*.yaml").requireAny();
        assertThat(names(files)).contains("siras-import.camel.yaml", "aeries-api.camel.yaml");
        assertThat(files.locations()).allMatch(l -> l.startsWith("file:" + Path.of("routes").toAbsolutePath()));
    }

    @Test
    void aConfigMapFolderOfLinksLoadsEachFileOnceEvenWithADoubleStar() throws Exception {
        Path routes = configMap(Files.createDirectories(dir.resolve("routes")), "a.camel.yaml", "b.camel.yaml");
        assertThat(names(RouteFiles.find("file:" + routes + "/*.yaml"))).containsExactly("a.camel.yaml", "b.camel.yaml");
        // ** would also reach ..data/ and ..2026.../: those are the volume's internals, skipped
        assertThat(names(RouteFiles.find("file:" + routes + "/**/*.yaml"))).containsExactly("a.camel.yaml", "b.camel.yaml");
        assertThat(RouteFiles.find("file:" + routes + "/*.yaml").locations())
                .allMatch(l -> l.startsWith("file:" + routes + "/a") || l.startsWith("file:" + routes + "/b"));
    }

    @Test
    void aLinkedConfigMapWithSubfoldersAndADanglingLink() throws Exception {
        Path volume = configMap(Files.createDirectories(dir.resolve("volumes/routes")), "a.camel.yaml");
        Files.createDirectories(volume.resolve("extra"));
        Files.writeString(volume.resolve("extra/c.camel.yaml"), "- route: {}\n");
        Files.createSymbolicLink(volume.resolve("gone.camel.yaml"), dir.resolve("nowhere.yaml"));
        Path routes = Files.createSymbolicLink(dir.resolve("routes"), volume);
        assertThat(names(RouteFiles.find("file:" + routes + "/**/*.yaml"))).containsExactly("a.camel.yaml", "c.camel.yaml");
    }

    @Test
    void anEmptyFolderIsRefusedNamingTheFolderAndThePattern() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("releases/r2/routes"));
        Files.writeString(empty.resolve(".gitkeep"), "");
        Path routes = Files.createSymbolicLink(dir.resolve("routes"), empty);
        String pattern = "file:" + routes + "/*.yaml";
        assertThatThrownBy(() -> RouteFiles.find(pattern).requireAny())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("No route file was found in " + routes + " (a link to " + empty.toRealPath() + ")")
                .hasMessageContaining("camel.main.routes-include-pattern=" + pattern)
                .hasMessageContaining("Nothing was started");
    }

    @Test
    void aMissingFolderOrADanglingLinkIsRefused() throws Exception {
        assertThatThrownBy(() -> RouteFiles.find("file:" + dir.resolve("nothing") + "/*.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("The routes folder " + dir.resolve("nothing")
                        + " does not exist");
        Path dangling = Files.createSymbolicLink(dir.resolve("routes"), dir.resolve("releases/r9/routes"));
        assertThatThrownBy(() -> RouteFiles.find("file:" + dangling + "/*.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void otherLocationsArePassedOnAndOptionalOnesMayBeMissing() throws Exception {
        Path routes = release();
        RouteFiles files = RouteFiles.find("classpath:extra/*.yaml, file:" + dir.resolve("none") + "/*.yaml?optional=true,"
                + "file:" + routes + "/a.camel.yaml").requireAny();
        assertThat(files.locations()).containsExactly("classpath:extra/*.yaml", "file:" + routes.resolve("a.camel.yaml"));
    }
}
