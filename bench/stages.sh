#!/usr/bin/env bash
# Where the import's time goes, per night: a markdown table from the engine's own log lines (one per stage) in a
# SpedBench run's log (stdout + stderr, e.g. bench/work/run-pg.log). Usage: bench/stages.sh LOG [LABEL]
# "records" and "students files" run on their own thread while "write services" runs (ApplyRecords), so the
# columns do not add up to the total; "connect" is the fetch's one SSH session (key exchange, login, SFTP channel;
# engines since the one-session fetch: before it, each download and each look opened a session of its own, inside
# its time), "download" the SFTP transfer of each file (JSch in the import's JVM), "look again" the second look at
# both (engines since the declared pipeline), "fetch" all of it (from "fetching" to "both files complete": the
# sessions, the downloads, the looks and the moves into the spool folder), "open" the time from "both files complete" to the run recorded
# RUNNING (the run's row; before the streamed download also the SHA-256 and UTF-8 scan of both files, which the
# download now computes on the way, inside "download"), "hold check" issue 10's stage between write services and the commit (the
# counts against the current data). Since tableB downloads on its own thread while tableA is staged and matched
# (issue 12), "download B" overlaps "open", "stage students" and "match", "fetch (all)" ends when the import starts
# while tableB downloads, and "wait for tableB" is how long the run then still waited for it. Since both files are
# read as they arrive (tableA staged while it downloads, tableB written while it downloads), "fetch (all)" is the
# connection and the two looks, "download A" overlaps "stage students", "download B" "match" and "write services",
# and "wait for tableB" comes after write services (the end of its download, usually 0).
set -euo pipefail
log=$1
label=${2:-$(basename "$log")}
awk -v label="$label" '
function t(ts,   p) { split(ts, p, ":"); return (p[1] * 3600 + p[2] * 60 + p[3]) * 1000 }
function ms(line,   m) { if (match(line, /in [0-9]+ ms/)) { m = substr(line, RSTART + 3, RLENGTH - 6); return m + 0 } return "" }
/SIRAS import \([^)]*\): fetching / { n++; fetching[n] = t($2) }
/SIRAS import: connected to / { cn[n] = ms($0) }
/downloaded (students file )?tableA/ { a[n] = ms($0) }
/downloaded (services file )?tableB/ { b[n] = ms($0) }
/looked again at / { look[n] += ms($0) }
/SIRAS import: (both files complete|.*importing while (it downloads|they download))/ { if (!complete[n]) { complete[n] = t($2); fetch[n] = int(complete[n] - fetching[n] + 0.5) } }
/SIRAS import: waited [0-9]+ ms for the (services file|end of tableB)/ { if (match($0, /waited [0-9]+ ms/)) wt[n] = substr($0, RSTART + 7, RLENGTH - 10) + 0 }
/SIRAS import run [0-9]+ started/ { open[n] = complete[n] ? int(t($2) - complete[n] + 0.5) : "" }
/SIRAS import run [0-9]+ stage students:/ { st[n] = ms($0) }
/SIRAS import run [0-9]+ match / { mt[n] = ms($0) }
/SIRAS import run [0-9]+ records: / { rec[n] = ms($0) }
/SIRAS import run [0-9]+ students files written/ { sf[n] = ms($0) }
/SIRAS import run [0-9]+ write services:/ { sv[n] = ms($0) }
/SIRAS import run [0-9]+ hold check: passed/ { hc[n] = ms($0) }
/SIRAS import run [0-9]+ APPLIED \(/ { if (match($0, /commit [0-9]+ ms/)) cm[n] = substr($0, RSTART + 7, RLENGTH - 10) + 0 }
/SIRAS import run [0-9]+ cleanup: / { cl[n] = ms($0) }
/SIRAS import \([^)]*\): run [0-9]+ APPLIED:/ { tot[n] = ms($0) }
END {
  print "| run | night | connect | download A | download B | look again | fetch (all) | open (scan, run record) | stage students | match | wait for tableB | records MERGE (beside) | students files (beside) | write services | hold check | errors + commit | superseded removed | route total |"
  print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for (i = 1; i <= n; i++)
    printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, i, cn[i], a[i], b[i], look[i], fetch[i], open[i], st[i], mt[i], wt[i], rec[i], sf[i], sv[i], hc[i], cm[i], cl[i], tot[i]
}' "$log"
