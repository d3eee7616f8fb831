#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database at DATABASE_URL and the upload storage
# (the S3 bucket when AWS_STORAGE_BUCKET_NAME is set, else PRIVATE_MEDIA_ROOT).
#
#   DATABASE_URL=postgres://... AWS_STORAGE_BUCKET_NAME=... scripts/restore.sh BACKUP_FOLDER
#
# Stop web, worker and beat first (docker compose stop web worker beat); start them after.
# The database objects in the dump are dropped and recreated (pg_restore --clean --if-exists).
# Overrides: PG_RESTORE (e.g. "docker compose exec -T postgres pg_restore"), PYTHON (with boto3).
set -euo pipefail

SOURCE="${1:?usage: restore.sh BACKUP_FOLDER}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"
PYTHON="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
[[ -f "$SOURCE/database.dump" ]] || { echo "restore.sh: $SOURCE/database.dump not found" >&2; exit 2; }

# Refuse a damaged backup before touching anything.
( cd "$SOURCE" && sha256sum --check --quiet SHA256SUMS )

$PG_RESTORE --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" < "$SOURCE/database.dump"

if [[ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]]; then
  "$PYTHON" "$HERE/bucket_sync.py" upload "$SOURCE/files"
else
  : "${PRIVATE_MEDIA_ROOT:?set AWS_STORAGE_BUCKET_NAME or PRIVATE_MEDIA_ROOT}"
  mkdir -p "$PRIVATE_MEDIA_ROOT"
  cp -a "$SOURCE/files/." "$PRIVATE_MEDIA_ROOT/"
fi

echo "restored $SOURCE"
