"""Where evidence is kept (complaints.evidence.storage): on disk and in S3-compatible storage
(moto's server, spoken to over HTTP by boto3 as a real store would be), the same behaviour:
random keys, the bytes back as stored, deletion, and no key that is not one of ours."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

import pytest

from complaints.evidence import storage
from complaints.evidence.storage import DiskStorage, Missing, S3Storage


@pytest.fixture(params=["disk", "s3"])
def store(request, tmp_path):
    if request.param == "disk":
        return DiskStorage(tmp_path / "attachments")
    return request.getfixturevalue("s3_store")


def test_what_is_put_comes_back_under_a_random_key(store):
    data = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    key = store.put(data, "image/png")
    assert storage.KEY.fullmatch(key)
    assert store.get(key) == data
    assert store.put(data, "image/png") != key  # the same bytes twice: two keys


def test_a_deleted_file_is_gone(store):
    key = store.put(b"%PDF-1.4 ...", "application/pdf")
    store.delete(key)
    with pytest.raises(Missing):
        store.get(key)
    store.delete(key)  # deleting twice is no error (a retried account deletion)


@pytest.mark.parametrize("key", ["../../secret_key", "a/b", "", "x" * 31, "x" * 33,
                                 "..%2F..%2Fsecret", "abc.def" + "x" * 25, None])
def test_only_our_own_keys_are_read_or_deleted(store, key):
    with pytest.raises(Missing):
        store.get(key)
    with pytest.raises(Missing):
        store.delete(key)


def test_on_disk_files_are_whole_private_and_under_the_folder(tmp_path):
    disk = DiskStorage(tmp_path / "attachments")
    key = disk.put(b"bytes", "image/jpeg")
    path = tmp_path / "attachments" / key[:2] / key
    assert path.read_bytes() == b"bytes"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(path.parent.glob(".incoming-*"))  # no temporary file left behind


def test_in_s3_the_file_has_its_type_under_the_prefix(s3_env, s3_endpoint, tmp_path):
    found = storage.from_setting("s3://evidence-types/site/", tmp_path, s3_endpoint)
    assert isinstance(found, S3Storage)
    found.client.create_bucket(Bucket="evidence-types",
                               CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    key = found.put(b"RIFF....WEBP", "image/webp")
    head = found.client.head_object(Bucket="evidence-types", Key=f"site/{key}")
    assert head["ContentType"] == "image/webp"


def test_the_setting_names_the_storage(tmp_path):
    assert isinstance(storage.from_setting("", tmp_path), DiskStorage)
    assert storage.from_setting("disk", tmp_path / "attachments").root == tmp_path / "attachments"
    for wrong in ("s3://", "ftp://files", "attachments"):
        with pytest.raises(RuntimeError):
            storage.from_setting(wrong, tmp_path)


def test_the_storage_lists_what_it_keeps_with_when(store):
    before = {key for key, _ in store.stored()}
    key = store.put(b"%PDF-1.4 ...", "application/pdf")
    listed = dict(store.stored())
    assert set(listed) == before | {key}
    assert abs((listed[key] - datetime.now(UTC)).total_seconds()) < 120
    store.delete(key)
    assert key not in dict(store.stored())
