package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.spedbridge.ops.ImportLockBusy;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.sped.ImportCounts;
import org.spedbridge.sped.ImportResult;

/**
 * {@code POST /admin/import-now} (routes/admin.camel.yaml): runs the SIRAS import at once through the
 * same route as the schedule, for a key with the {@code import-admin} permission, and answers with the
 * run's summary (counts only, no student data). The status says how the run ended: 200 APPLIED or
 * UNCHANGED, 202 HELD (the change hold stopped it: nothing written, it waits to be released with
 * {@code POST /admin/import-release/{runId}}), 422 REFUSED (SIRAS' files were rejected), 502 FAILED (SFTP, host key,
 * database, ...); 409 at once when an import is already running.
 */
public final class AdminImportNow {

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] run(Exchange ex) throws JsonProcessingException {
        // the guard has checked the import-admin area (ApiEndpoint.ADMIN_IMPORT_NOW)
        // the key's id, not its name: unique, short enough for import_run.trigger_name, and the audit's key_id
        String trigger = "admin:key-" + ex.getProperty(ApiGuard.KEY_ID, Long.class);
        ImportResult result;
        try {
            result = new SirasImportOperations(ex.getContext()).runNowUnlessRunning(trigger);
        } catch (ImportLockBusy busy) {
            throw new ApiException(409, "A SIRAS import is already running (" + busy.holder() + "); this request did "
                    + "not start one. Its result comes by mail and shows on JMX (SirasImport.LastStatus) when it ends; "
                    + "ask again then if another run is still needed.");
        }
        ApiResponses.clearRequestHeaders(ex);
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status(result));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        return JSON.writeValueAsBytes(summary(result));
    }

    static int status(ImportResult result) {
        return switch (result.status()) {
            case APPLIED, UNCHANGED -> 200;
            case REFUSED -> 422;
            case FAILED -> 502;
            case HELD -> 202;
        };
    }

    /** What the JMX view and the report's header show: run, status, trigger, message, times, counts. */
    static Map<String, Object> summary(ImportResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", r.runId());
        out.put("status", r.status().name());
        out.put("trigger", r.trigger());
        out.put("message", r.message() == null ? "" : r.message());
        out.put("started", r.started() == null ? null : r.started().toString());
        out.put("finished", r.finished() == null ? null : r.finished().toString());
        out.put("counts", r.counts() == null ? ImportCounts.NONE : r.counts());
        return out;
    }
}
