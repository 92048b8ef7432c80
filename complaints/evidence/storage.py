"""Where evidence files are kept: one small interface, on disk or in S3-compatible storage.

`put` takes the bytes and returns the key they are kept under: random (`secrets`), never a
name a person chose, so a file's name says nothing and cannot be guessed or aimed at a path.
`get` and `delete` take such a key; anything else is refused before it reaches a path or a
bucket. Nothing here decides who may see a file: the app serves files itself, after the
permission check (the storage is never exposed to the web).

- `DiskStorage` (the default): `instance/attachments/`, one file per key in a folder named by
  its first two characters, written to a temporary file and renamed into place (a reader
  never sees half a file), readable by the app's user only.
- `S3Storage`: a bucket (and a prefix) of any S3-compatible store through boto3, for several
  app servers; credentials and region come from boto3's usual environment variables.

`from_setting` chooses: "" or "disk" for a folder (ATTACHMENT_FOLDER, instance/attachments by
default), `s3://bucket/prefix` for S3 (with an endpoint URL for stores other than AWS).
`init_app` puts the app's storage in `app.extensions`, and `current()` gives it back.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"[A-Za-z0-9_-]{32}")


class Missing(LookupError):
    """No file is kept under this key (deleted, or never stored)."""


class Storage(Protocol):
    def put(self, data: bytes, content_type: str) -> str: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def stored(self) -> Iterator[tuple[str, datetime]]:
        """Every key kept, with when it was written (for `files sweep`)."""
        ...


def new_key() -> str:
    return secrets.token_urlsafe(24)  # 32 characters, 192 random bits


def _checked(key: str) -> str:
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise Missing(key)
    return key


class DiskStorage:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def put(self, data: bytes, content_type: str) -> str:
        key = new_key()
        path = self._path(key)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise Missing(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def stored(self) -> Iterator[tuple[str, datetime]]:
        for path in self.root.glob("*/*"):
            if KEY.fullmatch(path.name) and path.parent.name == path.name[:2]:
                try:
                    written = path.stat().st_mtime
                except FileNotFoundError:  # deleted meanwhile
                    continue
                yield path.name, datetime.fromtimestamp(written, UTC)


class S3Storage:
    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket = client, bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, data: bytes, content_type: str) -> str:
        key = new_key()
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data,
                               ContentType=content_type)
        return key

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey:
            raise Missing(key) from None
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def stored(self) -> Iterator[tuple[str, datetime]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", ()):
                key = item["Key"].removeprefix(self.prefix)
                if KEY.fullmatch(key):
                    yield key, item["LastModified"]


def from_setting(setting: str, folder: Path, endpoint_url: str | None = None) -> Storage:
    """The storage a setting names: "" or "disk" (files in `folder`), or
    `s3://bucket/prefix`."""
    setting = (setting or "disk").strip()
    if setting == "disk":
        return DiskStorage(Path(folder))
    if setting.startswith("s3://"):
        bucket, _, prefix = setting.removeprefix("s3://").partition("/")
        if not bucket:
            raise RuntimeError("ATTACHMENT_STORAGE=s3:// needs a bucket: s3://bucket/prefix")
        import boto3

        return S3Storage(boto3.client("s3", endpoint_url=endpoint_url or None), bucket, prefix)
    raise RuntimeError(f"ATTACHMENT_STORAGE must be 'disk' or s3://bucket/prefix, "
                       f"not {setting!r}.")


def init_app(app) -> None:
    app.extensions["evidence_storage"] = from_setting(
        app.config["ATTACHMENT_STORAGE"], Path(app.config["ATTACHMENT_FOLDER"]),
        app.config["ATTACHMENT_S3_ENDPOINT"])


def current() -> Storage:
    """The storage of the running app."""
    from flask import current_app

    return current_app.extensions["evidence_storage"]
