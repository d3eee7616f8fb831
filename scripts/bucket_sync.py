"""Copy every object of the upload bucket to a folder (`download`) or a folder back into the bucket (`upload`).

Used by scripts/backup.sh and scripts/restore.sh. Reads the same variables as the portal:
AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
Objects are restored private (no ACL grants); keys are kept exactly.
"""

import os
import sys
from pathlib import Path

import boto3


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    )


def download(bucket, folder):
    s3 = client()
    count = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            target = folder / item["Key"]
            if not target.resolve().is_relative_to(folder.resolve()):
                raise SystemExit(f"refusing unsafe key {item['Key']!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(bucket, item["Key"], str(target))
            count += 1
    return count


def upload(bucket, folder):
    s3 = client()
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            s3.upload_file(
                str(path), bucket, path.relative_to(folder).as_posix(), ExtraArgs={"ACL": "private"}
            )
            count += 1
    return count


def main(argv):
    if len(argv) != 3 or argv[1] not in {"download", "upload"}:
        raise SystemExit("usage: bucket_sync.py download|upload FOLDER")
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    folder = Path(argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    count = (download if argv[1] == "download" else upload)(bucket, folder)
    print(f"{argv[1]}: {count} objects ({bucket} <-> {folder})")


if __name__ == "__main__":
    main(sys.argv)
