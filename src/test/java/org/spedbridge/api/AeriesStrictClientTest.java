package org.spedbridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spedbridge.api.AeriesClientModel.Code;
import org.spedbridge.api.AeriesClientModel.Contact;
import org.spedbridge.api.AeriesClientModel.Enrollment;
import org.spedbridge.api.AeriesClientModel.ExtendedProperty;
import org.spedbridge.api.AeriesClientModel.Program;
import org.spedbridge.api.AeriesClientModel.School;
import org.spedbridge.api.AeriesClientModel.Student;
import org.spedbridge.api.AeriesClientModel.StudentDataChange;
import org.spedbridge.api.AeriesClientModel.StudentExtended;
import org.spedbridge.api.AeriesClientModel.SystemInfo;
import org.spedbridge.api.AeriesClientModel.Term;
import org.spedbridge.support.TestDatabases.Kind;

/**
 * A client as strict as the strictest real one: every answer deserialized into records that hold every
 * property Aeries documents (AeriesClientModel), failing on an unknown property, a missing one, a null
 * where a number or boolean belongs, or a value of another JSON type (no coercion).
 */
class AeriesStrictClientTest {

    private static final ApiFixtures FIXTURES = new ApiFixtures(ApiFixtures.defaults());

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    @AfterAll
    static void stop() {
        FIXTURES.close();
    }

    /** Each record and the documented example it was written from. */
    static Object[][] models() throws Exception {
        return new Object[][] {
            {SystemInfo.class, AeriesConformanceTest.documented("systeminfo.json")},
            {School.class, AeriesConformanceTest.documented("school-994.json")},
            {Term.class, AeriesConformanceTest.documented("school-994.json").get("Terms").get(0)},
            {Student.class, AeriesConformanceTest.documented("student-99400001.json").get(0)},
            {StudentExtended.class, AeriesConformanceTest.documented("student-extended-99400001.json").get(0)},
            {StudentDataChange.class, AeriesConformanceTest.documented("student-data-changes.json").get(0)},
            {Contact.class, AeriesConformanceTest.documented("contacts-99400001.json").get(0)},
            {Program.class, AeriesConformanceTest.documented("programs-99400001.json").get(0)},
            {ExtendedProperty.class, AeriesConformanceTest.documented("program-144-extended-properties.json").get(0)},
            {Enrollment.class, AeriesConformanceTest.documented("enrollment-99400001-2020.json").get(0)},
            {Code.class, AeriesConformanceTest.documented("codes-student-grade.json").get(0)},
        };
    }

    /** The records hold exactly the properties of Aeries' documented examples (and the listed extra). */
    @Test
    void theClientModelHoldsEveryDocumentedProperty() throws Exception {
        Object[][] models = models();
        for (Object[] m : models) {
            Class<?> type = (Class<?>) m[0];
            JsonNode documented = (JsonNode) m[1];
            List<String> names = new ArrayList<>();
            documented.fieldNames().forEachRemaining(names::add);
            if (type == Contact.class) {
                names.add("CorrespondanceLanguageCode");
            }
            assertThat(properties(type)).as(type.getSimpleName()).isEqualTo(names);
            // and the documented example itself reads strictly into it (the contact with its second spelling added)
            JsonNode example = documented.deepCopy();
            if (type == Contact.class) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) example).set("CorrespondanceLanguageCode",
                        documented.get("CorrespondenceLanguageCode"));
            }
            STRICT.treeToValue(example, type);
        }
    }

    private static List<String> properties(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value()).toList();
    }

    @ParameterizedTest
    @MethodSource("org.spedbridge.support.TestDatabases#all")
    void everyAnswerReadsIntoTheDocumentedModelStrictly(Kind kind) throws Exception {
        ApiFixture f = FIXTURES.get(kind);
        String key = f.key(ApiFixture.ALL_AREAS);
        Map<String, Class<?>> lists = new java.util.LinkedHashMap<>();
        lists.put("/api/v5/schools", School.class);
        lists.put("/api/v5/codes/STU/LF", Code.class);
        lists.put("/api/v5/schools/994/students", Student.class);
        lists.put("/api/v5/schools/994/students/99400003", Student.class);
        lists.put("/api/v5/schools/994/students/grade/10", Student.class);
        lists.put("/api/v5/schools/994/students/sn/2", Student.class);
        lists.put("/api/v5/schools/994/students/0/extended", StudentExtended.class);
        lists.put("/api/v5/schools/994/students/grade/10/extended", StudentExtended.class);
        lists.put("/api/v5/schools/994/students/sn/1/extended", StudentExtended.class);
        lists.put("/api/v5/StudentDataChanges/contact/2000/01/01/00/00", StudentDataChange.class);
        lists.put("/api/v5/StudentDataChanges/test/2000/01/01/00/00", StudentDataChange.class);
        lists.put("/api/v5/schools/994/contacts", Contact.class);
        lists.put("/api/v5/schools/000/contacts/99400003", Contact.class);
        lists.put("/api/v5/schools/994/students/0/programs", Program.class);
        lists.put("/api/v5/enrollment/0", Enrollment.class);
        lists.put("/api/v5/schools/994/enrollment/99400001/year/2025", Enrollment.class);
        for (Map.Entry<String, Class<?>> e : lists.entrySet()) {
            HttpResponse<String> r = f.get(e.getKey(), key);
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            JavaType type = STRICT.getTypeFactory().constructCollectionType(List.class, e.getValue());
            List<?> records = STRICT.readValue(r.body(), type);
            if (!e.getKey().contains("/test/")) {
                assertThat(records).as(e.getKey()).isNotEmpty();
            }
            records.forEach(AeriesStrictClientTest::noNullText);
        }
        SystemInfo info = STRICT.readValue(f.get("/api/v5/systeminfo", null).body(), SystemInfo.class);
        assertThat(info.availableDatabaseYears()).containsExactly("2024-2025", "2025-2026");
        School school = STRICT.readValue(f.get("/api/v5/schools/994", key).body(), School.class);
        assertThat(school.name()).isEqualTo("Foothill High");
        assertThat(school.terms()).isEmpty();
        List<Program> programs = STRICT.readValue(f.get("/api/v5/schools/994/students/99400001/programs?code=144", key).body(),
                STRICT.getTypeFactory().constructCollectionType(List.class, Program.class));
        assertThat(programs.get(0).extendedProperties()).extracting(ExtendedProperty::name)
                .startsWith("DisabilityCode", "DisabilityCodeDescription", "DisabilityCode2", "DisabilityCode2Description",
                        "ParentalConsentDate");
    }

    /** Text properties are "" when the SIS has no value, never null: only what Aeries shows as a date may be null. */
    private static void noNullText(Object record) {
        JsonNode documented = null;
        try {
            for (Object[] m : models()) {
                if (m[0] == record.getClass()) {
                    documented = (JsonNode) m[1];
                }
            }
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                String name = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
                JsonNode example = documented.get(name);
                boolean dateOrNull = example == null ? false : example.isNull()
                        || example.asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
                if (c.getType() == String.class && !dateOrNull && !name.equals("Value")) {
                    assertThat(c.getAccessor().invoke(record)).as(record.getClass().getSimpleName() + "." + name).isNotNull();
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
