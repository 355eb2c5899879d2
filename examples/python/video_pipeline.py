"""The video pipeline with boto3, against a running gt-local.

    npm start                      # in the gt-local folder: http://127.0.0.1:4700
    python3 examples/python/video_pipeline.py [endpoint]

Creates a bucket, uploads three clips, the manifest, the label categories and the worker task
template, creates the documentation's video classification job with boto3 exactly as against
AWS, lets three simulated workers label it (gt-local's admin API), waits for the job and prints
the output.manifest it reads back from S3. Give another address as the first argument or in
GT_LOCAL_ENDPOINT.
"""

import json
import os
import pathlib
import sys
import time
import urllib.request

import boto3
from botocore.config import Config

ENDPOINT = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GT_LOCAL_ENDPOINT", "http://127.0.0.1:4700")
REGION = "us-east-1"
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
# What each clip shows: the simulated workers read it from the manifest's "true-label" attribute.
VIDEOS = {"clip-a.mp4": "Sports", "clip-b.webm": "News", "clip-c.mp4": "Music"}


def client(service):
    # gt-local accepts every key; boto3 only needs some.
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}),
    )


def admin(method, path, body=None):
    """One call to gt-local's testing/admin API (plain JSON over HTTP)."""
    request = urllib.request.Request(
        f"{ENDPOINT}/_gt/api{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def wait_for(sagemaker, job_name, timeout_seconds=60):
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        status = sagemaker.describe_labeling_job(LabelingJobName=job_name)["LabelingJobStatus"]
        if status in ("Completed", "Failed", "Stopped"):
            return status
        time.sleep(0.2)
    raise TimeoutError(f"{job_name} did not finish within {timeout_seconds} s")


def main():
    s3 = client("s3")
    sagemaker = client("sagemaker")
    request = json.loads((FIXTURES / "create-labeling-job.video-classification.json").read_text())
    job_name = request["LabelingJobName"]

    s3.create_bucket(Bucket="bucket")
    for video in VIDEOS:
        s3.put_object(Bucket="bucket", Key=f"videos/{video}", Body=(FIXTURES / "videos" / video).read_bytes())
    manifest = "".join(
        json.dumps({"source-ref": f"s3://bucket/videos/{video}", "true-label": label}) + "\n"
        for video, label in VIDEOS.items()
    )
    s3.put_object(Bucket="bucket", Key="path/manifest-with-input-data.json", Body=manifest.encode())
    categories = {"document-version": "2018-11-28", "labels": [{"label": label} for label in VIDEOS.values()]}
    s3.put_object(Bucket="bucket", Key="path/label-categories.json", Body=json.dumps(categories).encode())
    template = (FIXTURES / "video-classification.liquid.html").read_bytes()
    s3.put_object(Bucket="bucket", Key="path/worker-task-template.html", Body=template)

    sagemaker.create_labeling_job(**request)
    admin("POST", f"/jobs/{job_name}/simulate", {"workers": 3, "truth": {"attribute": "true-label"}, "seed": 42})
    status = wait_for(sagemaker, job_name)
    if status != "Completed":
        sys.exit(f"{job_name} ended {status}")

    job = sagemaker.describe_labeling_job(LabelingJobName=job_name)
    output_uri = job["LabelingJobOutput"]["OutputDatasetS3Uri"]
    bucket, key = output_uri.removeprefix("s3://").split("/", 1)
    lines = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode().splitlines()
    labelled = [json.loads(line) for line in lines]
    for line in labelled:
        print(line["source-ref"], "->", line["label-metadata"]["class-name"])

    expected = [(f"s3://bucket/videos/{video}", label) for video, label in VIDEOS.items()]
    actual = [(line["source-ref"], line["label-metadata"]["class-name"]) for line in labelled]
    if actual != expected:
        sys.exit(f"unexpected labels: {actual}")
    print(f"{job_name}: Completed, {len(labelled)} objects labelled")


if __name__ == "__main__":
    main()
