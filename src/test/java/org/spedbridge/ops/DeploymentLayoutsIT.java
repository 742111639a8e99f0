package org.spedbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spedbridge.support.PackagedJar;
import org.spedbridge.support.SirasDeployment;
import org.spedbridge.support.SirasDeployment.SharedDb;

/**
 * The deployment layouts ops use, each with {@code run} and {@code import-now} of the packaged jar as processes:
 * {@code routes/}, {@code config/} (SIRAS' known_hosts), {@code templates/} (the report mail's bodies) and
 * {@code application.properties} (which holds every setting here: no --config) as plain files and folders; as
 * symbolic links into a release folder; as Kubernetes ConfigMap volumes, whose files are links into {@code ..data/},
 * itself a link to a timestamped folder.
 */
class DeploymentLayoutsIT {

    enum Layout { FOLDERS, LINKS_TO_A_RELEASE, CONFIGMAP_VOLUMES }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Layout.class)
    void runAndImportNowLoadTheRoutesAndSettingsOfEachLayout(Layout layout) throws Exception {
        try (SirasDeployment d = SirasDeployment.create(tmp, SirasDeployment.database(SharedDb.H2_SERVER, tmp))) {
            Path home = d.jar.home();
            Properties p = d.settings();
            p.remove("siras.sftp.known-hosts-file"); // the shipped default: config/known_hosts
            StringWriter settings = new StringWriter();
            p.store(settings, "the district's settings");
            Files.writeString(home.resolve("application.properties"),
                    Files.readString(home.resolve("application.properties")) + settings);
            Files.createDirectories(home.resolve("config"));
            Files.copy(d.site.knownHosts, home.resolve("config/known_hosts"));
            // the district's own template, so that the mail shows it was read from the deployment
            Files.createDirectories(home.resolve("templates"));
            for (String t : List.of("report-mail.txt.ftl", "report-mail.html.ftlh")) {
                Files.copy(Path.of("templates", t), home.resolve("templates").resolve(t));
            }
            Path text = home.resolve("templates/report-mail.txt.ftl");
            Files.writeString(text, Files.readString(text) + "\nDeployed as " + layout + ".\n");
            arrange(home, layout);

            try (PackagedJar.Running run = d.jar.start("run", "run")) {
                SirasDeployment.awaitApi(run, p);
                assertThat(run.stderr()).contains("Started siras-import (direct://siras-import)")
                        .contains("Started roster-load").contains("Started api-schools");

                PackagedJar.Result now = d.jar.run(SirasDeployment.COMMAND, "import-now");
                assertThat(now.exitCode()).as(now.toString()).isZero();
                assertThat(now.out()).contains("SIRAS import (now): APPLIED")
                        .contains("rows read " + d.expected.rowsRead());
                assertThat(now.out()).contains("report mail: kept in the outbox");
                assertThat(run.process().isAlive()).isTrue();
            }
            try (Stream<Path> outbox = Files.list(home.resolve("data/outbox"))) {
                List<Path> mails = outbox.filter(f -> f.toString().endsWith(".eml")).toList();
                assertThat(mails).hasSize(1);
                assertThat(texts(mails.get(0))).contains("Deployed as " + layout + ".");
            }
            assertThat(d.rows("SELECT trigger_name, status FROM import_run")).containsExactly("now APPLIED");
        }
    }

    /** The text parts of a mail, decoded. */
    private static String texts(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return texts(new MimeMessage(Session.getInstance(new Properties()), in));
        }
    }

    private static String texts(Part part) throws Exception {
        if (part.isMimeType("text/*")) {
            return (String) part.getContent();
        }
        StringBuilder b = new StringBuilder();
        if (part.getContent() instanceof Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                b.append(texts(multi.getBodyPart(i)));
            }
        }
        return b.toString();
    }

    /** Turns the plain deployment into the layout: routes/, config/, templates/, application.properties move, links stay. */
    private static void arrange(Path home, Layout layout) throws IOException {
        switch (layout) {
            case FOLDERS -> assertThat(Files.isSymbolicLink(home.resolve("routes"))).isFalse();
            case LINKS_TO_A_RELEASE -> {
                Path release = Files.createDirectories(home.resolve("releases/2026.12.02"));
                for (String name : List.of("routes", "config", "templates", "application.properties")) {
                    Files.move(home.resolve(name), release.resolve(name));
                    Files.createSymbolicLink(home.resolve(name), Path.of("releases/2026.12.02", name));
                }
            }
            case CONFIGMAP_VOLUMES -> {
                configMap(home.resolve("routes"));
                configMap(home.resolve("config"));
                configMap(home.resolve("templates"));
                Path conf = Files.createDirectories(home.resolve("conf"));
                Files.move(home.resolve("application.properties"), conf.resolve("application.properties"));
                configMap(conf);
                Files.createSymbolicLink(home.resolve("application.properties"), Path.of("conf/application.properties"));
            }
        }
    }

    /** The folder as kubelet mounts a ConfigMap: the files in ..<timestamp>/, ..data -> it, each name -> ..data/name. */
    private static void configMap(Path volume) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(volume)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        Path stamp = Files.createDirectories(volume.resolve("..2026_12_02_04_00_00.123456789"));
        Files.createSymbolicLink(volume.resolve("..data"), stamp.getFileName());
        for (Path f : files) {
            Files.move(f, stamp.resolve(f.getFileName()));
            Files.createSymbolicLink(f, Path.of("..data").resolve(f.getFileName()));
        }
    }
}
