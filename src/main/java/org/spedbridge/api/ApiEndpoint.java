package org.spedbridge.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * THE endpoint table of the API server: for every REST route its route id, who may call it (no key, a
 * key, a key holding an area, or one of several areas) and what it answers (the view, one object or an
 * array). Read by the guard ({@link ApiGuard}: key and areas), the handlers ({@link AeriesApi}: the
 * view), the OpenAPI document ({@link OpenApiSchemas}: schemas and errors) and the metrics.
 * <p>
 * The route files define each endpoint under its route id and show its areas where they define it: as
 * the scopes of the endpoint's {@code aeriesCert} security requirement (no requirement = public). The
 * start fails when a route file and this table disagree ({@link ApiStartup}), so neither can drift.
 * A new endpoint: one line here, its definition in a route file.
 */
public enum ApiEndpoint {

    SYSTEMINFO("api-systeminfo", Access.PUBLIC, Answer.object(AeriesViews.SYSTEM_INFO)),
    OPENAPI("api-openapi", Access.PUBLIC, Answer.NONE),
    SCHOOLS("api-schools", Access.KEY, Answer.array(AeriesViews.SCHOOL)),
    SCHOOL("api-school", Access.KEY, Answer.object(AeriesViews.SCHOOL)),
    STUDENTS("api-students", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT)),
    STUDENT("api-student", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT)),
    STUDENTS_BY_GRADE("api-students-by-grade", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT)),
    STUDENTS_BY_NUMBER("api-students-by-number", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT)),
    STUDENTS_EXTENDED("api-students-extended", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT_EXTENDED)),
    STUDENTS_EXTENDED_BY_GRADE("api-students-extended-by-grade", Access.area(Area.STUDENT_DATA),
            Answer.array(AeriesViews.STUDENT_EXTENDED)),
    STUDENTS_EXTENDED_BY_NUMBER("api-students-extended-by-number", Access.area(Area.STUDENT_DATA),
            Answer.array(AeriesViews.STUDENT_EXTENDED)),
    PROGRAMS("api-programs", Access.anyOf(Area.SPECIAL_EDUCATION, Area.SPECIAL_PROGRAMS), Answer.array(AeriesViews.PROGRAM)),
    STUDENT_DATA_CHANGES("api-student-data-changes", Access.area(Area.STUDENT_DATA), Answer.array(AeriesViews.STUDENT_CHANGE)),
    CONTACTS("api-contacts", Access.area(Area.CONTACTS), Answer.array(AeriesViews.CONTACT)),
    CONTACTS_OF_STUDENT("api-contacts-of-student", Access.area(Area.CONTACTS), Answer.array(AeriesViews.CONTACT)),
    ENROLLMENT("api-enrollment", Access.area(Area.ENROLLMENT_HISTORY), Answer.array(AeriesViews.ENROLLMENT)),
    ENROLLMENT_YEAR("api-enrollment-year", Access.area(Area.ENROLLMENT_HISTORY), Answer.array(AeriesViews.ENROLLMENT)),
    SCHOOL_ENROLLMENT("api-school-enrollment", Access.area(Area.ENROLLMENT_HISTORY), Answer.array(AeriesViews.ENROLLMENT)),
    SCHOOL_ENROLLMENT_YEAR("api-school-enrollment-year", Access.area(Area.ENROLLMENT_HISTORY),
            Answer.array(AeriesViews.ENROLLMENT)),
    CODES("api-codes", Access.KEY, Answer.array(AeriesViews.CODE)),
    /** sped-bridge's own, outside /api/v5 and its OpenAPI document (routes/admin.camel.yaml). */
    ADMIN_IMPORT_NOW("api-admin-import-now", Access.area(Area.IMPORT_ADMIN), Answer.NONE),
    /** Releases a HELD import run (routes/admin.camel.yaml). */
    ADMIN_IMPORT_RELEASE("api-admin-import-release", Access.area(Area.IMPORT_ADMIN), Answer.NONE),
    /** A one-time key pickup link (routes/key-pickup.camel.yaml): no key, the link's token is the credential. */
    KEY_PICKUP("api-key-pickup", Access.PUBLIC, Answer.NONE);

    /**
     * Who may call an endpoint.
     *
     * @param keyed  an AERIES-CERT key is needed
     * @param areas  the areas: all of them are needed, or with {@code any} one of them; empty = any valid key
     * @param any    one of the areas suffices (the endpoint then answers what the held ones allow)
     */
    public record Access(boolean keyed, Set<Area> areas, boolean any) {
        public static final Access PUBLIC = new Access(false, Set.of(), false);
        public static final Access KEY = new Access(true, Set.of(), false);

        static Access area(Area area) {
            return new Access(true, Collections.unmodifiableSet(EnumSet.of(area)), false);
        }

        /** One of the areas (named in this order in a 403). */
        static Access anyOf(Area first, Area... more) {
            Set<Area> areas = new LinkedHashSet<>(List.of(first));
            areas.addAll(List.of(more));
            return new Access(true, Collections.unmodifiableSet(areas), true);
        }
    }

    /** What an endpoint answers: one object or an array of the view; NONE when it is no Aeries object. */
    public record Answer(AeriesViews.View view, boolean array) {
        public static final Answer NONE = new Answer(null, false);

        static Answer object(AeriesViews.View view) {
            return new Answer(view, false);
        }

        static Answer array(AeriesViews.View view) {
            return new Answer(view, true);
        }
    }

    private static final Map<String, ApiEndpoint> BY_ROUTE_ID = new HashMap<>();

    static {
        for (ApiEndpoint e : values()) {
            BY_ROUTE_ID.put(e.routeId, e);
        }
    }

    private final String routeId;
    private final Access access;
    private final Answer answer;

    ApiEndpoint(String routeId, Access access, Answer answer) {
        this.routeId = routeId;
        this.access = access;
        this.answer = answer;
    }

    public String routeId() {
        return routeId;
    }

    public Access access() {
        return access;
    }

    public Answer answer() {
        return answer;
    }

    /** The view of the object(s) answered; fails for an endpoint that answers none. */
    public AeriesViews.View view() {
        if (answer.view() == null) {
            throw new IllegalStateException(routeId + " answers no Aeries object");
        }
        return answer.view();
    }

    /** The endpoint of a route id, or null when the id is not in the table. */
    public static ApiEndpoint byRouteId(String routeId) {
        return routeId == null ? null : BY_ROUTE_ID.get(routeId);
    }

    /** The endpoint the exchange came in on; fails closed (500) for a route missing from the table. */
    public static ApiEndpoint of(Exchange exchange) {
        ApiEndpoint e = byRouteId(exchange.getFromRouteId());
        if (e == null) {
            throw new IllegalStateException("The route " + exchange.getFromRouteId()
                    + " is not in the API's endpoint table (org.spedbridge.api.ApiEndpoint)");
        }
        return e;
    }
}
