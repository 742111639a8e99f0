package org.spedbridge.sped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The roster's keys, read once per run: each SSID with the lowest student_id carrying it, and every
 * student_id. A students-file row matches by SSID, else by its (numeric) local ID as a student_id.
 */
record RosterKeys(Map<String, Integer> bySsid, int[] sortedIds) {

    static RosterKeys read(Connection c) throws SQLException {
        Map<String, Integer> bySsid = new HashMap<>();
        int[] ids = new int[1024];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT student_id, state_student_id FROM student")) {
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    String ssid = rs.getString(2);
                    if (ssid != null) {
                        bySsid.merge(ssid, id, Math::min);
                    }
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = id;
                }
            }
        }
        return new RosterKeys(bySsid, Arrays.stream(ids, 0, n).sorted().distinct().toArray());
    }

    Integer match(String ssid, Integer localIdNumber) {
        Integer bySsidMatch = ssid == null ? null : bySsid.get(ssid);
        if (bySsidMatch != null) {
            return bySsidMatch;
        }
        return localIdNumber != null && Arrays.binarySearch(sortedIds, localIdNumber) >= 0
                ? localIdNumber : null;
    }
}
