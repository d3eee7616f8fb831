#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and every uploaded file
# (the S3 bucket when AWS_STORAGE_BUCKET_NAME is set, else PRIVATE_MEDIA_ROOT).
#
#   DATABASE_URL=postgres://... AWS_STORAGE_BUCKET_NAME=... scripts/backup.sh [BACKUP_ROOT]
#
# Writes BACKUP_ROOT/<UTC timestamp>/{database.dump,files/,MANIFEST} and prints that folder's path last.
# Overrides: PG_DUMP (e.g. "docker compose exec -T postgres pg_dump"), PYTHON (a Python with boto3).
set -euo pipefail

BACKUP_ROOT="${1:-${BACKUP_ROOT:-backups}}"
PG_DUMP="${PG_DUMP:-pg_dump}"
PYTHON="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

: "${DATABASE_URL:?DATABASE_URL must point at the portal PostgreSQL database}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL; back up the SQLite file instead" >&2; exit 2 ;;
esac

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TARGET="$BACKUP_ROOT/$STAMP"
mkdir -p "$TARGET/files"
chmod 700 "$TARGET"

# 1. Database first: a file uploaded after the dump is then in the bucket copy but unknown to the
#    database (harmless orphan), never the other way round.
$PG_DUMP --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" > "$TARGET/database.dump"

# 2. Files.
if [[ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]]; then
  "$PYTHON" "$HERE/bucket_sync.py" download "$TARGET/files"
  SOURCE="s3://$AWS_STORAGE_BUCKET_NAME"
else
  : "${PRIVATE_MEDIA_ROOT:?set AWS_STORAGE_BUCKET_NAME or PRIVATE_MEDIA_ROOT}"
  if [[ -d "$PRIVATE_MEDIA_ROOT" ]]; then
    cp -a "$PRIVATE_MEDIA_ROOT/." "$TARGET/files/"
  fi
  SOURCE="$PRIVATE_MEDIA_ROOT"
fi

{
  echo "created_utc=$STAMP"
  echo "files_source=$SOURCE"
  echo "files_count=$(find "$TARGET/files" -type f | wc -l | tr -d ' ')"
  echo "database_dump_bytes=$(wc -c < "$TARGET/database.dump" | tr -d ' ')"
} > "$TARGET/MANIFEST"
( cd "$TARGET" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS )

echo "$TARGET"
