package org.spedbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.spedbridge.ops.ImportLockBusy;
import org.spedbridge.ops.SirasImportOperations;
import org.spedbridge.sped.ImportResult;
import org.spedbridge.sped.run.NotReleasable;

/**
 * {@code POST /admin/import-release/{runId}} (routes/admin.camel.yaml): releases a HELD import run for a key with
 * the {@code import-admin} permission: the files kept in its run folder are applied through direct:siras-import
 * (trigger release), and the answer is that run's summary like {@link AdminImportNow}'s (200 APPLIED, 422 REFUSED,
 * 502 FAILED). 404 no such run; 409 the run cannot be released (not held, released already, superseded by a newer
 * pair) or an import is running; 410 its kept files are gone; each with the reason.
 */
public final class AdminImportRelease {

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] run(Exchange ex) throws JsonProcessingException {
        long runId;
        try {
            runId = Long.parseLong(ex.getMessage().getHeader("runId", String.class));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "The run id must be a number (the HELD report mail's Run).");
        }
        ImportResult result;
        try {
            result = new SirasImportOperations(ex.getContext()).releaseUnlessRunning(runId);
        } catch (ImportLockBusy busy) {
            throw new ApiException(409, "A SIRAS import is running (" + busy.holder() + "); run " + runId
                    + " was not released. Ask again when it has ended.");
        } catch (NotReleasable no) {
            throw new ApiException(switch (no.why()) {
                case UNKNOWN -> 404;
                case FILES_GONE -> 410;
                default -> 409;
            }, no.getMessage());
        }
        ApiResponses.clearRequestHeaders(ex);
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, AdminImportNow.status(result));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        return JSON.writeValueAsBytes(AdminImportNow.summary(result));
    }
}
