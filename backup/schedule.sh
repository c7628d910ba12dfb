#!/usr/bin/env bash
# The backup service's loop: one backup.sh run a day at BACKUP_TIME (HH:MM, local time
# in TZ; default 03:30, which exists once on every day, also when summer time starts
# or ends in Europe/Amsterdam). A failed run is reported and tried again the next day.
set -uo pipefail

at="${BACKUP_TIME:-03:30}"
if ! [[ "$at" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]]; then
  echo "backup: BACKUP_TIME must look like 03:30" >&2
  exit 2
fi
echo "backup: every day at $at ($TZ), keeping ${BACKUP_KEEP_DAYS:-14} days, in $BACKUP_DIR"

last_day=""
while true; do
  today="$(date +%F)"
  if [ "$(date +%H:%M)" = "$at" ] && [ "$today" != "$last_day" ]; then
    last_day="$today"
    if backup.sh; then
      date -u +%FT%TZ >"$BACKUP_DIR/.last-success"
    else
      echo "backup: the run of $today failed" >&2
    fi
  fi
  sleep 20
done
