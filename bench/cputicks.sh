#!/usr/bin/env bash
# CPU used by each part of a bench run, for "where does the time go" when the cores are the bound: every 0.25 s one
# line "HH:MM:SS.ss BENCH_JVM SIRAS_SERVER_JVM POSTGRES" of cumulative CPU ticks (1/100 s: user + system, from
# /proc/PID/stat) of the SpedBench JVM, of SIRAS' SFTP server JVM (sftp=process) and of all postgres processes.
# Start it before a bench, stop it after (kill), and subtract the lines at two times of the bench's log (e.g. a
# night's "fetching" and its "APPLIED"). Usage: bench/cputicks.sh > ticks.log &
set -u
ticks() { local s=0 u k; for p in "$@"; do read -r u k < <(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null); s=$((s + ${u:-0} + ${k:-0})); done; echo "$s"; }
while true; do
  b=$(pgrep -f "org.spedbridge.bench.SpedBench" | head -1)
  s=$(pgrep -f "org.spedbridge.bench.SirasServer" | head -1)
  echo "$(date +%H:%M:%S.%N | cut -c1-11) $(ticks $b) $(ticks $s) $(ticks $(pgrep -x postgres))"
  sleep 0.25
done
