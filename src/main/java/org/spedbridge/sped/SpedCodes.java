package org.spedbridge.sped;

import java.util.Set;

/** The CALPADS/CASEMIS code sets the import checks. An unknown code is a warning (districts use local codes). */
public final class SpedCodes {

    private SpedCodes() {
    }

    /** Education Plan Type: CALPADS 100 IEP, 150 IFSP, 200 ISP, 700, 800, 900; CASEMIS 10, 20, 70, 80, 90. */
    public static final Set<String> PLAN_TYPES = Set.of("100", "150", "200", "700", "800", "900",
            "10", "20", "70", "80", "90");

    /** Plan types under which the meeting date stands in for a missing initial service start date. */
    public static final Set<String> SERVICE_PLAN_TYPES = Set.of("100", "150", "200", "10", "20");

    public static final Set<String> DISABILITIES = Set.of("210", "220", "230", "240", "250", "260", "270",
            "280", "281", "290", "300", "310", "320", "330");

    /** Student Gender Code (CALPADS): F female, M male, X nonbinary. */
    public static final Set<String> GENDERS = Set.of("F", "M", "X");

    /** The code sets as the layout checks them (SirasLayout); an unknown code is a warning. */
    public static final Field.CodeSet PLAN_TYPE = new Field.CodeSet("plan type", PLAN_TYPES::contains, true);
    public static final Field.CodeSet DISABILITY = new Field.CodeSet("disability", DISABILITIES::contains, true);
    public static final Field.CodeSet GENDER = new Field.CodeSet("gender", GENDERS::contains, true);
    public static final Field.CodeSet SERVICE = new Field.CodeSet("service", SpedCodes::isKnownService, false);

    /** Provider code that requires a Nonpublic Agency Identifier. */
    public static final String NONPUBLIC_AGENCY_PROVIDER = "400";

    public static boolean isKnownService(String code) {
        if (!isNumber(code)) {
            return false; // a local code: told without an exception for each of its rows
        }
        int c;
        try {
            c = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return false;
        }
        return (c >= 210 && c <= 250) || c == 330 || c == 340 || c == 350 || c == 415 || c == 425
                || c == 435 || c == 436 || c == 445 || c == 450 || c == 460 || (c >= 510 && c <= 545)
                || c == 610 || (c >= 710 && c <= 760) || (c >= 820 && c <= 890) || c == 900;
    }

    /** Whether {@link Integer#parseInt} reads it (a sign, then digits of any script), its range aside. */
    private static boolean isNumber(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 10) < 0) {
                return false;
            }
        }
        return true;
    }
}
