<#--
  The report mail's plain-text body, also what JMX lastReport() shows. FreeMarker 2.3 templates
  (https://freemarker.apache.org/docs/dgui.html), rendered by routes/report-mail.camel.yaml for each
  report: an edit shows in the next mail, without a rebuild or a restart. The HTML body is
  report-mail.html.ftlh (change both). Numbers print as digits (9811); ?c?left_pad(8) aligns them.

  `body` is the run's report. Every value is set (no nulls); text comes as it is (nothing is escaped here):
    subject, cdsCode, status (APPLIED, UNCHANGED, REFUSED, FAILED or HELD), ok (true for APPLIED and UNCHANGED),
    dryRun (true for a dry run: status is how the run would have ended, nothing was written),
    statusText (as the subject shows it: HELD, DRY RUN (would be APPLIED), ...),
    runId, trigger (schedule, now, jmx, admin:key-7, ...), message (why it was refused or failed; may be
    empty), completed (date and time in the district's time zone, as text)
    files:    the two SIRAS files, each: role (Students, Services), name, received (true/false),
              size (bytes), modified (text, empty when not received), sha256 (may be empty)
    counts:   rowsRead, matched, unmatched, duplicates, errors, ignored, warnings, serviceRowsRead,
              servicesImported, servicesUnmatched, notInFile
    hold:     the change hold's checks (empty when they did not run), each: what, setting, count, of,
              percent (text, e.g. 7.5), threshold (text: "5 %" or "off"), over (true: this check held the run);
              firstImport: true when no run was applied before (the hold measures, never holds)
    attached: the names of the attached files; zipped: the names of the CSV files inside the zip, when
              the attachments travel as one zip (report.mail.max-attachments-mb), else empty
-->
<#assign report = body>
<#assign c = report.counts>
SIRAS import for district ${report.cdsCode}: ${report.statusText}

<#if report.dryRun>
A DRY RUN: nothing was written, the database is as it was. Below is how the run would have ended.
</#if>
<#if report.status == "HELD">
The SIRAS files were HELD: they would change much more than a normal night (numbers below), so nothing
was written and the files wait for a person. Check the attached lists of the students who would lose
their record's update (not in the file) or services.
<#if !report.dryRun>
To apply this pair anyway, release run ${report.runId} in one of three ways:
  java -jar sped-bridge.jar import-release ${report.runId?c}
  JMX: org.spedbridge:type=SirasImport, operation releaseHeld(${report.runId?c})
  POST /admin/import-release/${report.runId?c} with an import-admin key (AERIES-CERT header)
A newer pair (the next night's files) supersedes it: then it can no longer be released.
</#if>
<#elseif report.status == "APPLIED">
The SIRAS files were imported.
<#elseif report.status == "UNCHANGED">
The SIRAS files were not imported again: they are the same as the last imported pair.
<#elseif report.status == "REFUSED">
The SIRAS files were refused: nothing was written. What to do is below.
<#else>
The SIRAS import failed: nothing was written. What to do is below.
</#if>
<#if report.message?has_content>

${report.message}
</#if>

Completed: ${report.completed}
District:  ${report.cdsCode}
Run:       ${report.runId} (started by ${report.trigger})

Files
<#list report.files as f>
  ${(f.role + ":")?right_pad(9)} ${f.name?right_pad(14)} ${f.received?then(f.size?string(",##0") + " bytes", "not received")?right_pad(18)} <#if f.received>modified ${f.modified}</#if><#if f.sha256?has_content>  SHA-256 ${f.sha256}</#if>
</#list>

Counts
  Student rows read    ${c.rowsRead?c?left_pad(8)}
  Matched              ${c.matched?c?left_pad(8)}
  Unmatched            ${c.unmatched?c?left_pad(8)}
  Duplicates           ${c.duplicates?c?left_pad(8)}
  Errors               ${c.errors?c?left_pad(8)}
  Ignored              ${c.ignored?c?left_pad(8)}
  Warnings             ${c.warnings?c?left_pad(8)}
  Service rows read    ${c.serviceRowsRead?c?left_pad(8)}
  Services imported    ${c.servicesImported?c?left_pad(8)}
  Services unmatched   ${c.servicesUnmatched?c?left_pad(8)}
  Not in file          ${c.notInFile?c?left_pad(8)}
<#if report.hold?has_content>

Change hold (siras.import.hold.*)<#if report.firstImport>: the first import is never held</#if>
<#list report.hold as h>
  ${h.what}: ${h.count?c} of ${h.of?c} (${h.percent} %), hold over ${h.threshold}<#if h.over>  <- OVER</#if>
</#list>
</#if>
<#if report.attached?has_content>

Attached:
<#list report.attached as name>
  ${name}
</#list>
<#list report.zipped as name>
    (in the zip) ${name}
</#list>
</#if>

-- 
sped-bridge (SIRAS -> SIS). Reply to your SIS administrator, not to this address.
