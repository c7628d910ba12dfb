#!/usr/bin/env bash
# One backup set: the database (pg_dump, custom format) and the uploaded files (tar),
# each encrypted to the age public keys in BACKUP_AGE_RECIPIENTS when set, with a
# SHA256SUMS file; then sets older than BACKUP_KEEP_DAYS are removed.
#
#   DATABASE_URL          postgres://user:password@host:5432/name (required)
#   MEDIA_ROOT            the folder of uploaded files (required; may be empty)
#   BACKUP_DIR            where the sets go, one folder per set (required)
#   BACKUP_KEEP_DAYS      sets older than this many days are removed (default 14)
#   BACKUP_AGE_RECIPIENTS space-separated age public keys (age1...); empty: not encrypted
#
# A set is written under a hidden name and renamed when complete, so a folder named
# like 20261201T023000Z is always a whole set. Nothing personal is printed.
set -euo pipefail
umask 077

: "${DATABASE_URL:?set DATABASE_URL}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${BACKUP_DIR:?set BACKUP_DIR}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
recipients="${BACKUP_AGE_RECIPIENTS:-}"

case "$keep_days" in
  '' | *[!0-9]*) echo "backup: BACKUP_KEEP_DAYS must be a whole number of days" >&2; exit 2 ;;
esac
if [ ! -d "$MEDIA_ROOT" ]; then
  echo "backup: MEDIA_ROOT $MEDIA_ROOT is not a folder" >&2
  exit 2
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$BACKUP_DIR"
partial="$BACKUP_DIR/.partial-$stamp"
final="$BACKUP_DIR/$stamp"
if [ -e "$final" ]; then
  echo "backup: $final exists already" >&2
  exit 1
fi
trap 'rm -rf "$partial"' EXIT
mkdir "$partial"

# Writes stdin to $1, through age when there are recipients (no plaintext on disk).
store() {
  if [ -n "$recipients" ]; then
    local args=()
    for key in $recipients; do args+=(-r "$key"); done
    age "${args[@]}" -o "$1.age"
  else
    cat >"$1"
  fi
}

pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" | store "$partial/database.dump"
tar -C "$MEDIA_ROOT" -czf - . | store "$partial/media.tar.gz"
(cd "$partial" && sha256sum -- * >SHA256SUMS)

mv "$partial" "$final"
trap - EXIT
echo "backup: wrote $final ($(du -sk "$final" | cut -f1) kB)"

# Remove whole sets older than the term; their names sort by time. Unfinished
# (hidden) folders of a crashed run older than a day go too.
cutoff="$(date -u -d "@$(($(date +%s) - keep_days * 86400))" +%Y%m%dT%H%M%SZ)"
for set in "$BACKUP_DIR"/[0-9]*T*Z; do
  [ -d "$set" ] || continue
  name="$(basename "$set")"
  if [[ "$name" < "$cutoff" ]]; then
    rm -rf -- "$set"
    echo "backup: removed $name (older than $keep_days days)"
  fi
done
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '.partial-*' -mmin +1440 -exec rm -rf -- {} +
