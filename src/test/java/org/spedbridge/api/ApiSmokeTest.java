package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spedbridge.support.TestDatabases;

class ApiSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void smoke() throws Exception {
        try (ApiFixture f = ApiFixture.start(TestDatabases.Kind.H2, tmp)) {
            System.out.println("PORT " + f.port);
            String key = f.key(ApiFixture.ALL_AREAS);
            for (String p : new String[] {"/api/v5/systeminfo", "/api/v5/schools", "/api/v5/schools/994/students",
                    "/api/v5/schools/994/students/0/programs", "/api/v5/openapi.json", "/api/v5/schools/x/students",
                    "/api/v5/schools/994/contacts?cert=abc"}) {
                var r = f.get(p, key);
                System.out.println(p + " -> " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
            }
            var r = f.get("/api/v5/schools", null);
            System.out.println("nokey -> " + r.statusCode() + " " + r.body());
            assertThat(f.port).isPositive();
        }
    }
}
