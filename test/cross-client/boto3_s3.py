#!/usr/bin/env python3
"""Drives gt-local's S3 API with boto3 and checks it behaves like S3.

Usage: boto3_s3.py ENDPOINT_URL

Every check is a plain assert; the last line printed is "boto3 s3: OK" and the exit code is 0 only
when all of them pass (any uncaught exception exits non-zero with a traceback).
"""

import hashlib
import io
import os
import sys
import urllib.error
import urllib.request
from multiprocessing.pool import ThreadPool

import boto3
import botocore.config
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
BUCKET = "boto3-bucket"
MANY_FILES = 995
MANY_FOLDERS = 10
BIG_BYTES = 12 * 1024 * 1024
# boto3's TransferConfig defaults: multipart above 8 MiB, 8 MiB parts, so 12 MiB is two parts.
PART_BYTES = 8 * 1024 * 1024


def step(title):
    print(f"- {title}", flush=True)


def quoted_md5(data):
    return f'"{hashlib.md5(data).hexdigest()}"'


def multipart_etag(data, part_size):
    digests = [hashlib.md5(data[i : i + part_size]).digest() for i in range(0, len(data), part_size)]
    return f'"{hashlib.md5(b"".join(digests)).hexdigest()}-{len(digests)}"'


def fetch(request):
    """urlopen that reports S3's error document when the answer is an HTTP error."""
    try:
        return urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        url = request if isinstance(request, str) else request.full_url
        raise AssertionError(f"HTTP {error.code} for {url}: {error.read().decode(errors='replace')}") from error


def expect_client_error(call, code, status, exception_class=None, **kwargs):
    """Runs call(**kwargs), asserts it raises a ClientError with `code` and HTTP `status`."""
    try:
        call(**kwargs)
    except ClientError as error:
        got = error.response.get("Error", {}).get("Code")
        assert got == code, f"expected error code {code}, got {got!r}: {error.response!r}"
        if exception_class is not None:
            assert isinstance(error, exception_class), (
                f"expected an instance of {exception_class.__name__}, got {type(error).__name__}: {error!r}"
            )
        metadata = error.response.get("ResponseMetadata", {})
        assert metadata.get("HTTPStatusCode") == status, f"expected HTTP {status} for {code}, got {metadata!r}"
        assert metadata.get("RequestId"), f"no RequestId in the error's ResponseMetadata: {error.response!r}"
        return error
    raise AssertionError(f"{call.__name__}({kwargs!r}) succeeded; expected {code}")


def s3_client(endpoint, region, signature_version=None):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=botocore.config.Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1},
            max_pool_connections=20,
            signature_version=signature_version,
        ),
    )


def main():
    assert len(sys.argv) == 2, "usage: boto3_s3.py ENDPOINT_URL"
    endpoint = sys.argv[1]
    client = s3_client(endpoint, REGION)

    # --- CreateBucket ------------------------------------------------------------------------
    step("create_bucket")
    created = client.create_bucket(Bucket=BUCKET)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200, created["ResponseMetadata"]
    assert created.get("Location") == f"/{BUCKET}", f"Location: {created.get('Location')!r}"
    names = [b["Name"] for b in client.list_buckets()["Buckets"]]
    assert BUCKET in names, f"list_buckets: {names!r}"

    # --- PutObject / GetObject / HeadObject --------------------------------------------------
    step("put_object with Metadata and ContentType")
    key = "docs/hello.txt"
    body = "héllo from boto3 — 0123456789\n".encode("utf-8")
    content_type = "text/plain; charset=utf-8"
    metadata = {"author": "boto3", "purpose": "cross-client"}
    put = client.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType=content_type, Metadata=metadata)
    assert put["ETag"] == quoted_md5(body), f"put ETag {put['ETag']!r} != {quoted_md5(body)!r}"

    step("get_object")
    got = client.get_object(Bucket=BUCKET, Key=key)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200, got["ResponseMetadata"]
    assert got["Body"].read() == body, "get_object body"
    assert got["ContentType"] == content_type, f"ContentType: {got['ContentType']!r}"
    assert got["Metadata"] == metadata, f"Metadata: {got['Metadata']!r}"
    assert got["ETag"] == quoted_md5(body), f"ETag: {got['ETag']!r}"
    assert got["ContentLength"] == len(body), f"ContentLength: {got['ContentLength']!r}"
    assert got["LastModified"].tzinfo is not None, f"LastModified: {got['LastModified']!r}"

    step("head_object")
    head = client.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentLength"] == len(body), f"ContentLength: {head['ContentLength']!r}"
    assert head["ContentType"] == content_type, f"ContentType: {head['ContentType']!r}"
    assert head["Metadata"] == metadata, f"Metadata: {head['Metadata']!r}"
    assert head["ETag"] == quoted_md5(body), f"ETag: {head['ETag']!r}"
    assert head["LastModified"] == got["LastModified"], (head["LastModified"], got["LastModified"])

    step("get_object with Range (206, ContentRange)")
    ranged = client.get_object(Bucket=BUCKET, Key=key, Range="bytes=3-9")
    assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206, ranged["ResponseMetadata"]
    assert ranged["ContentRange"] == f"bytes 3-9/{len(body)}", f"ContentRange: {ranged['ContentRange']!r}"
    assert ranged["ContentLength"] == 7, f"ContentLength: {ranged['ContentLength']!r}"
    assert ranged["Body"].read() == body[3:10], "ranged body"
    suffix = client.get_object(Bucket=BUCKET, Key=key, Range="bytes=-4")
    assert suffix["ContentRange"] == f"bytes {len(body) - 4}-{len(body) - 1}/{len(body)}", suffix["ContentRange"]
    assert suffix["Body"].read() == body[-4:], "suffix-range body"

    # --- ListObjectsV2 over more than 1000 keys ----------------------------------------------
    step(f"put {MANY_FILES + MANY_FOLDERS} small objects (16 threads)")
    many_files = [f"many/file-{i:04d}.txt" for i in range(MANY_FILES)]
    many_nested = [f"many/folder-{i:02d}/inner.txt" for i in range(MANY_FOLDERS)]
    many_keys = many_files + many_nested
    with ThreadPool(16) as pool:
        pool.map(lambda k: client.put_object(Bucket=BUCKET, Key=k, Body=k.encode()), many_keys)

    step("list_objects_v2 paginator over 1005 keys")
    pages = list(client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="many/"))
    listed = [c["Key"] for page in pages for c in page.get("Contents", [])]
    assert listed == sorted(many_keys), f"all keys once, in order: got {len(listed)} keys, first {listed[:3]!r}"
    assert len(pages) == 2, f"1005 keys should take two pages of at most 1000, got {len(pages)}"
    assert pages[0]["KeyCount"] == 1000 and pages[0]["IsTruncated"] is True, {
        k: pages[0].get(k) for k in ("KeyCount", "IsTruncated", "NextContinuationToken")
    }
    assert pages[1]["KeyCount"] == 5 and pages[1]["IsTruncated"] is False, {
        k: pages[1].get(k) for k in ("KeyCount", "IsTruncated")
    }
    sizes = {c["Key"]: c["Size"] for page in pages for c in page.get("Contents", [])}
    assert all(sizes[k] == len(k.encode()) for k in many_keys), "Size of each listed object"

    step("list_objects_v2 paginator with Delimiter / (Contents and CommonPrefixes across pages)")
    pages = list(client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="many/", Delimiter="/"))
    listed = [c["Key"] for page in pages for c in page.get("Contents", [])]
    prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
    assert listed == many_files, f"the files directly under many/: got {len(listed)}, first {listed[:3]!r}"
    expected_prefixes = [f"many/folder-{i:02d}/" for i in range(MANY_FOLDERS)]
    assert prefixes == expected_prefixes, f"CommonPrefixes: {prefixes!r}"
    assert len(pages) == 2, f"995 keys + 10 prefixes should take two pages, got {len(pages)}"
    assert sum(p["KeyCount"] for p in pages) == MANY_FILES + MANY_FOLDERS, [p["KeyCount"] for p in pages]

    step("list_objects_v2 paginator with Delimiter / and PageSize 100")
    pages = list(
        client.get_paginator("list_objects_v2").paginate(
            Bucket=BUCKET, Prefix="many/", Delimiter="/", PaginationConfig={"PageSize": 100}
        )
    )
    small_listed = [c["Key"] for page in pages for c in page.get("Contents", [])]
    small_prefixes = [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])]
    assert small_listed == many_files and small_prefixes == expected_prefixes, (
        f"PageSize 100: {len(small_listed)} keys, prefixes {small_prefixes!r}"
    )
    assert len(pages) == 11, f"1005 entries in pages of 100 should be 11 pages, got {len(pages)}"

    # --- CopyObject --------------------------------------------------------------------------
    step("copy_object (metadata copied)")
    copied = client.copy_object(Bucket=BUCKET, Key="docs/copy.txt", CopySource={"Bucket": BUCKET, "Key": key})
    assert copied["CopyObjectResult"]["ETag"] == quoted_md5(body), f"CopyObjectResult: {copied['CopyObjectResult']!r}"
    copy = client.get_object(Bucket=BUCKET, Key="docs/copy.txt")
    assert copy["Body"].read() == body, "copied body"
    assert copy["ContentType"] == content_type, f"copied ContentType: {copy['ContentType']!r}"
    assert copy["Metadata"] == metadata, f"copied Metadata: {copy['Metadata']!r}"

    step("copy_object with MetadataDirective REPLACE")
    client.copy_object(
        Bucket=BUCKET,
        Key="docs/replaced.txt",
        CopySource={"Bucket": BUCKET, "Key": key},
        MetadataDirective="REPLACE",
        ContentType="application/octet-stream",
        Metadata={"replaced": "yes"},
    )
    replaced = client.head_object(Bucket=BUCKET, Key="docs/replaced.txt")
    assert replaced["ContentType"] == "application/octet-stream", f"ContentType: {replaced['ContentType']!r}"
    assert replaced["Metadata"] == {"replaced": "yes"}, f"Metadata: {replaced['Metadata']!r}"

    # --- DeleteObjects -----------------------------------------------------------------------
    step("delete_objects (including a key that does not exist)")
    doomed = ["docs/copy.txt", "docs/replaced.txt", "docs/never-existed.txt"]
    deleted = client.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in doomed]})
    assert sorted(d["Key"] for d in deleted.get("Deleted", [])) == sorted(doomed), f"Deleted: {deleted.get('Deleted')!r}"
    assert not deleted.get("Errors"), f"Errors: {deleted.get('Errors')!r}"
    for k in doomed:
        expect_client_error(client.head_object, "404", 404, Bucket=BUCKET, Key=k)

    step("delete_objects Quiet (the 1005 listed keys, in batches of 1000)")
    for start in range(0, len(many_keys), 1000):
        batch = many_keys[start : start + 1000]
        answer = client.delete_objects(
            Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
        )
        assert not answer.get("Deleted") and not answer.get("Errors"), f"Quiet answer: {answer!r}"
    left = client.list_objects_v2(Bucket=BUCKET, Prefix="many/")
    assert left["KeyCount"] == 0, f"keys left under many/: {left.get('Contents')!r}"

    # --- TransferManager multipart -----------------------------------------------------------
    step("upload_fileobj 12 MiB (multipart) and download_fileobj round trip")
    big = os.urandom(BIG_BYTES)
    transfer = TransferConfig(max_concurrency=4)
    client.upload_fileobj(io.BytesIO(big), BUCKET, "big/blob.bin", Config=transfer)
    head = client.head_object(Bucket=BUCKET, Key="big/blob.bin")
    assert head["ContentLength"] == BIG_BYTES, f"ContentLength: {head['ContentLength']!r}"
    assert head["ETag"] == multipart_etag(big, PART_BYTES), (
        f"a two-part upload's ETag: {head['ETag']!r} != {multipart_etag(big, PART_BYTES)!r}"
    )
    downloaded = io.BytesIO()
    client.download_fileobj(BUCKET, "big/blob.bin", downloaded, Config=transfer)
    assert hashlib.sha256(downloaded.getvalue()).hexdigest() == hashlib.sha256(big).hexdigest(), (
        f"downloaded {len(downloaded.getvalue())} bytes that differ from the {BIG_BYTES} uploaded"
    )

    # --- Presigned URLs ----------------------------------------------------------------------
    # boto3's default presigner in us-east-1 signs query-string SigV2 (AWSAccessKeyId/Signature/Expires);
    # a client configured for s3v4 signs X-Amz-* SigV4. Both must work.
    for flavour, presigner in (("default", client), ("s3v4", s3_client(endpoint, REGION, "s3v4"))):
        step(f"generate_presigned_url(get_object) fetched with urllib ({flavour} signer)")
        url = presigner.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=60)
        with fetch(url) as response:
            assert response.status == 200, f"presigned GET status {response.status}: {url}"
            assert response.read() == body, f"presigned GET body: {url}"
            assert response.headers["ETag"] == quoted_md5(body), f"presigned GET ETag {response.headers['ETag']!r}"

    step("generate_presigned_url(put_object) uploaded with urllib PUT")
    put_body = b"uploaded through a presigned URL\n"
    url = client.generate_presigned_url("put_object", Params={"Bucket": BUCKET, "Key": "presigned/put.txt"}, ExpiresIn=60)
    request = urllib.request.Request(url, data=put_body, method="PUT")
    with fetch(request) as response:
        assert response.status == 200, f"presigned PUT status {response.status}"
        assert response.headers["ETag"] == quoted_md5(put_body), f"presigned PUT ETag {response.headers['ETag']!r}"
    assert client.get_object(Bucket=BUCKET, Key="presigned/put.txt")["Body"].read() == put_body, "presigned PUT body"

    # --- Errors ------------------------------------------------------------------------------
    step("NoSuchKey on get_object of a missing key")
    error = expect_client_error(
        client.get_object, "NoSuchKey", 404, client.exceptions.NoSuchKey, Bucket=BUCKET, Key="no/such/key"
    )
    assert error.response["Error"].get("Key") == "no/such/key", f"Error.Key: {error.response['Error']!r}"

    step("NoSuchBucket on a missing bucket")
    expect_client_error(
        client.list_objects_v2, "NoSuchBucket", 404, client.exceptions.NoSuchBucket, Bucket="no-such-bucket-boto3"
    )
    expect_client_error(client.get_object, "NoSuchBucket", 404, Bucket="no-such-bucket-boto3", Key="k")

    step("BucketAlreadyOwnedByYou on creating an existing bucket (outside us-east-1)")
    # In us-east-1, AWS answers 200 to re-creating a bucket you own (legacy behaviour); every other
    # region answers 409 BucketAlreadyOwnedByYou, so the check runs in one.
    other = s3_client(endpoint, OTHER_REGION)
    other_bucket = "boto3-bucket-eu"
    configuration = {"LocationConstraint": OTHER_REGION}
    other.create_bucket(Bucket=other_bucket, CreateBucketConfiguration=configuration)
    location = other.get_bucket_location(Bucket=other_bucket)["LocationConstraint"]
    assert location == OTHER_REGION, f"get_bucket_location: {location!r}"
    expect_client_error(
        other.create_bucket,
        "BucketAlreadyOwnedByYou",
        409,
        other.exceptions.BucketAlreadyOwnedByYou,
        Bucket=other_bucket,
        CreateBucketConfiguration=configuration,
    )
    other.delete_bucket(Bucket=other_bucket)

    print("boto3 s3: OK", flush=True)


if __name__ == "__main__":
    main()
