#!/usr/bin/env bash
# Restores one backup set written by backup.sh: checks it first, then drops the
# database in DATABASE_URL, creates it again, restores the dump into it, and replaces
# the contents of MEDIA_ROOT with the files of the set.
#
#   restore.sh [--yes] SET_FOLDER
#
#   DATABASE_URL          the database to replace (required)
#   MEDIA_ROOT            the folder of uploaded files to replace (required)
#   BACKUP_AGE_IDENTITY   the age private key file, for an encrypted set
#
# Without --yes it only checks the set and says what it would do. Stop the site and
# the workers first (README, "Back-up en herstel").
set -euo pipefail
umask 077

confirmed=0
if [ "${1:-}" = "--yes" ]; then
  confirmed=1
  shift
fi
set_dir="${1:?usage: restore.sh [--yes] SET_FOLDER}"
: "${DATABASE_URL:?set DATABASE_URL}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"

if [ ! -f "$set_dir/SHA256SUMS" ]; then
  echo "restore: $set_dir is not a backup set (no SHA256SUMS)" >&2
  exit 2
fi
# 1. The set is whole and unchanged.
if ! (cd "$set_dir" && sha256sum --quiet -c SHA256SUMS); then
  echo "restore: $set_dir does not match its SHA256SUMS; nothing was changed" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 2. Decrypt (when encrypted) into a private temporary folder.
for part in database.dump media.tar.gz; do
  if [ -f "$set_dir/$part.age" ]; then
    : "${BACKUP_AGE_IDENTITY:?the set is encrypted: set BACKUP_AGE_IDENTITY to the age private key file}"
    age -d -i "$BACKUP_AGE_IDENTITY" -o "$work/$part" "$set_dir/$part.age"
  elif [ -f "$set_dir/$part" ]; then
    ln -s "$(cd "$set_dir" && pwd)/$part" "$work/$part"
  else
    echo "restore: $set_dir has no $part; nothing was changed" >&2
    exit 1
  fi
done

# 3. Both parts can be read.
pg_restore --list "$work/database.dump" >/dev/null
tar -tzf "$work/media.tar.gz" >/dev/null

# The database's name and a connection to the server's maintenance database.
without_query="${DATABASE_URL%%\?*}"
query=""
[ "$without_query" != "$DATABASE_URL" ] && query="?${DATABASE_URL#*\?}"
db_name="${without_query##*/}"
server_url="${without_query%/*}/postgres$query"
case "$db_name" in
  '' | postgres | template0 | template1 | *[!A-Za-z0-9_]*)
    echo "restore: refusing database name '$db_name'" >&2
    exit 2
    ;;
esac

if [ "$confirmed" -ne 1 ]; then
  echo "restore: $set_dir is whole and readable."
  echo "restore: with --yes this drops database $db_name, restores it from the set,"
  echo "         and replaces everything in $MEDIA_ROOT. Nothing was changed."
  exit 3
fi

# 4. Drop, create, restore (one transaction: a failed restore leaves an empty database,
#    not half of one).
psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --dbname="$server_url" \
  -c "DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)" \
  -c "CREATE DATABASE \"$db_name\""
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$work/database.dump"

# 5. The uploaded files: the folder may be a mount point, so empty it rather than
#    replace it.
mkdir -p "$MEDIA_ROOT"
find "$MEDIA_ROOT" -mindepth 1 -delete
tar -xzf "$work/media.tar.gz" -C "$MEDIA_ROOT"

echo "restore: database $db_name and $MEDIA_ROOT restored from $(basename "$set_dir")"
