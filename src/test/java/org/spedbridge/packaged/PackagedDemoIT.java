package org.spedbridge.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.demo.SyntheticDistrict;
import org.spedbridge.support.FreePort;
import org.spedbridge.support.PackagedJar;

/** The README's first command, {@code java -jar target/sped-bridge.jar demo}, from the packaged jar in another folder. */
class PackagedDemoIT {

    @TempDir
    Path tmp;

    @Test
    void demoAppliesTheSyntheticDistrictFromTheJar() throws Exception {
        PackagedJar jar = PackagedJar.deployIn(tmp.resolve("deploy"));
        Properties p = new Properties();
        p.setProperty("api.port", Integer.toString(FreePort.find()));
        p.setProperty("management.port", Integer.toString(FreePort.find()));
        p.setProperty("camel.main.jmx-enabled", "false");
        Path config = jar.config("demo.properties", p);

        PackagedJar.Result demo = jar.run(Duration.ofMinutes(4), "--config", config.toString(), "demo", "--exit");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        SyntheticDistrict.Expected want = SyntheticDistrict.demo(20251).expected();
        assertThat(demo.out()).contains("import             APPLIED")
                .contains("matched " + want.matched() + " (" + want.matched() + ")");
        // the demo's files are under the deployment's data/ folder, not the checkout's
        try (Stream<Path> files = Files.list(jar.home().resolve("data/demo/outbox"))) {
            List<Path> eml = files.filter(f -> f.toString().endsWith(".eml")).toList();
            assertThat(eml).hasSize(1);
            assertThat(Files.readString(eml.get(0))).contains("Subject: SIRAS import 1964733 ").contains(": APPLIED");
        }
    }
}
