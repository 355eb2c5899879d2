#!/usr/bin/env python3
"""Drives gt-local's SageMaker control plane with boto3 and checks it gets AWS-shaped answers.

Usage: boto3_control_plane.py ENDPOINT_URL FIXTURE_JSON

FIXTURE_JSON is a valid CreateLabelingJob request (team example-team, us-east-1). Every check is a
plain assert; the last line printed is "boto3 control plane: OK" and the exit code is 0 only when
all of them pass (any uncaught exception exits non-zero with a traceback).
"""

import copy
import datetime
import json
import re
import sys

import boto3
import botocore.config
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
NAME_PATTERN_MESSAGE = (
    "1 validation error detected: Value 'my_job' at 'labelingJobName' failed to satisfy constraint: "
    "Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
)


def step(title):
    print(f"- {title}", flush=True)


def expect_client_error(call, code, exception_class=None, **kwargs):
    """Runs call(**kwargs), asserts it raises a ClientError with `code`, and returns the error."""
    try:
        call(**kwargs)
    except ClientError as error:
        got = error.response.get("Error", {}).get("Code")
        assert got == code, f"expected error code {code}, got {got!r}: {error.response!r}"
        if exception_class is not None:
            assert isinstance(error, exception_class), (
                f"expected an instance of {exception_class.__name__}, got {type(error).__name__}: {error!r}"
            )
        request_id = error.response.get("ResponseMetadata", {}).get("RequestId")
        assert request_id, f"no RequestId in the error's ResponseMetadata: {error.response!r}"
        http_status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        assert http_status == 400, f"expected HTTP 400 for {code}, got {http_status}"
        return error
    raise AssertionError(f"{call.__name__}({kwargs!r}) succeeded; expected {code}")


def assert_aware_datetime(value, what):
    assert isinstance(value, datetime.datetime), f"{what} should be a datetime, got {type(value).__name__}: {value!r}"
    assert value.tzinfo is not None and value.utcoffset() is not None, f"{what} should be timezone-aware: {value!r}"
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - value).total_seconds()) < 3600, f"{what} should be about now ({now}), got {value}"


def main():
    assert len(sys.argv) == 3, "usage: boto3_control_plane.py ENDPOINT_URL FIXTURE_JSON"
    endpoint, fixture_path = sys.argv[1], sys.argv[2]
    with open(fixture_path, encoding="utf-8") as fixture:
        request = json.load(fixture)

    client = boto3.client(
        "sagemaker",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )

    # --- CreateLabelingJob -------------------------------------------------------------------
    step("create_labeling_job (fixture request, unchanged)")
    name = request["LabelingJobName"]
    created = client.create_labeling_job(**request)
    expected_arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:labeling-job/{name.lower()}"
    assert created["LabelingJobArn"] == expected_arn, f"LabelingJobArn: {created['LabelingJobArn']!r} != {expected_arn!r}"
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 200, created["ResponseMetadata"]
    assert created["ResponseMetadata"].get("RequestId"), f"no RequestId: {created['ResponseMetadata']!r}"

    step("create_labeling_job (a second, mixed-case name)")
    second_name = "Boto3-Second-Job"
    second = copy.deepcopy(request)
    second["LabelingJobName"] = second_name
    second_arn = client.create_labeling_job(**second)["LabelingJobArn"]
    assert second_arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:labeling-job/boto3-second-job", (
        f"the ARN should carry the lower-cased name: {second_arn!r}"
    )

    # --- DescribeLabelingJob -----------------------------------------------------------------
    step("describe_labeling_job")
    job = client.describe_labeling_job(LabelingJobName=second_name)
    assert job["LabelingJobName"] == second_name, f"LabelingJobName: {job['LabelingJobName']!r}"
    assert job["LabelingJobArn"] == second_arn, f"LabelingJobArn: {job['LabelingJobArn']!r} != {second_arn!r}"
    assert job["LabelingJobStatus"] in ("Initializing", "InProgress"), f"LabelingJobStatus: {job['LabelingJobStatus']!r}"
    assert_aware_datetime(job["CreationTime"], "CreationTime")
    assert_aware_datetime(job["LastModifiedTime"], "LastModifiedTime")
    assert job["LastModifiedTime"] >= job["CreationTime"], (job["CreationTime"], job["LastModifiedTime"])
    assert re.fullmatch(r"123456789012[A-Za-z0-9]{16}", job["JobReferenceCode"]), (
        f"JobReferenceCode {job['JobReferenceCode']!r} should match ^123456789012[A-Za-z0-9]{{16}}$"
    )
    counters = job["LabelCounters"]
    for counter in ("TotalLabeled", "HumanLabeled", "MachineLabeled", "FailedNonRetryableError", "Unlabeled"):
        assert isinstance(counters.get(counter), int), f"LabelCounters.{counter} should be an int: {counters!r}"
    assert job["LabelAttributeName"] == request["LabelAttributeName"], job["LabelAttributeName"]
    assert job["RoleArn"] == request["RoleArn"], job["RoleArn"]
    assert job["InputConfig"] == request["InputConfig"], f"InputConfig round trip: {job['InputConfig']!r}"
    assert job["StoppingConditions"] == request["StoppingConditions"], job["StoppingConditions"]
    task = job["HumanTaskConfig"]
    assert task["WorkteamArn"] == request["HumanTaskConfig"]["WorkteamArn"], task["WorkteamArn"]
    assert task["NumberOfHumanWorkersPerDataObject"] == 3, task
    assert task["TaskKeywords"] == ["Video Classification"], task["TaskKeywords"]
    assert job["Tags"] == request["Tags"], f"Tags: {job['Tags']!r}"

    step("describe_labeling_job finds the job in any letter case")
    other_case = client.describe_labeling_job(LabelingJobName=second_name.upper())
    assert other_case["LabelingJobName"] == second_name, other_case["LabelingJobName"]

    # --- ListLabelingJobs --------------------------------------------------------------------
    step("list_labeling_jobs through the paginator, PageSize 1")
    paginator = client.get_paginator("list_labeling_jobs")
    names, pages = [], 0
    for page in paginator.paginate(PaginationConfig={"PageSize": 1}):
        pages += 1
        for summary in page["LabelingJobSummaryList"]:
            names.append(summary["LabelingJobName"])
            assert_aware_datetime(summary["CreationTime"], f"summary {summary['LabelingJobName']} CreationTime")
        assert pages <= 10, f"paginator does not stop: {pages} pages, names so far {names!r}"
    assert sorted(names) == sorted([name, second_name]), f"paginated names: {names!r}"
    assert len(names) == 2, f"each job exactly once: {names!r}"
    assert pages >= 2, f"PageSize 1 should give one job a page, got {pages} page(s)"

    # --- StopLabelingJob ---------------------------------------------------------------------
    step("stop_labeling_job")
    stopped = client.stop_labeling_job(LabelingJobName=name)
    assert stopped["ResponseMetadata"]["HTTPStatusCode"] == 200, stopped
    status = client.describe_labeling_job(LabelingJobName=name)["LabelingJobStatus"]
    assert status in ("Stopping", "Stopped"), f"after stop_labeling_job the status is {status!r}"

    # --- Errors ------------------------------------------------------------------------------
    step("ResourceNotFound for a missing job")
    error = expect_client_error(
        client.describe_labeling_job,
        "ResourceNotFound",
        client.exceptions.ResourceNotFound,
        LabelingJobName="no-such-job",
    )
    message = error.response["Error"].get("Message", "")
    assert "no-such-job" in message, f"the message should name the job: {message!r}"

    step("ResourceInUse for a duplicate name in another case")
    duplicate = copy.deepcopy(request)
    duplicate["LabelingJobName"] = second_name.swapcase()
    expect_client_error(
        client.create_labeling_job, "ResourceInUse", client.exceptions.ResourceInUse, **duplicate
    )

    step("ValidationException with AWS's message for LabelingJobName my_job")
    invalid = copy.deepcopy(request)
    invalid["LabelingJobName"] = "my_job"
    error = expect_client_error(client.create_labeling_job, "ValidationException", **invalid)
    got = error.response["Error"].get("Message")
    assert got == NAME_PATTERN_MESSAGE, f"message:\n  got      {got!r}\n  expected {NAME_PATTERN_MESSAGE!r}"
    assert str(error) == f"An error occurred (ValidationException) when calling the CreateLabelingJob operation: {NAME_PATTERN_MESSAGE}", str(error)

    # --- Workforce ---------------------------------------------------------------------------
    step("describe_workforce(default)")
    workforce = client.describe_workforce(WorkforceName="default")["Workforce"]
    assert workforce["WorkforceName"] == "default", workforce
    assert workforce["WorkforceArn"] == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:workforce/default", workforce["WorkforceArn"]
    assert_aware_datetime(workforce["LastUpdatedDate"], "Workforce.LastUpdatedDate")
    cognito = workforce.get("CognitoConfig")
    assert cognito and cognito.get("UserPool") and cognito.get("ClientId"), f"CognitoConfig: {cognito!r}"

    # --- Workteams ---------------------------------------------------------------------------
    step("create_workteam (Cognito member definition)")
    team_name = "boto3-team"
    member = {
        "CognitoMemberDefinition": {
            "UserPool": cognito["UserPool"],
            "UserGroup": "boto3-labelers",
            "ClientId": cognito["ClientId"],
        }
    }
    team_arn = client.create_workteam(
        WorkteamName=team_name,
        MemberDefinitions=[member],
        Description="a team created by boto3",
        Tags=[{"Key": "client", "Value": "boto3"}],
    )["WorkteamArn"]
    assert team_arn == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:workteam/private-crowd/{team_name}", team_arn

    step("describe_workteam")
    team = client.describe_workteam(WorkteamName=team_name)["Workteam"]
    assert team["WorkteamName"] == team_name, team
    assert team["WorkteamArn"] == team_arn, team["WorkteamArn"]
    assert team["WorkforceArn"] == workforce["WorkforceArn"], team["WorkforceArn"]
    assert team["MemberDefinitions"] == [member], f"MemberDefinitions: {team['MemberDefinitions']!r}"
    assert team["Description"] == "a team created by boto3", team["Description"]
    assert_aware_datetime(team["CreateDate"], "Workteam.CreateDate")
    assert_aware_datetime(team["LastUpdatedDate"], "Workteam.LastUpdatedDate")

    step("list_workteams")
    teams = [t["WorkteamName"] for page in client.get_paginator("list_workteams").paginate() for t in page["Workteams"]]
    assert team_name in teams and "example-team" in teams, f"list_workteams: {teams!r}"

    step("update_workteam")
    updated = client.update_workteam(WorkteamName=team_name, Description="updated by boto3")["Workteam"]
    assert updated["Description"] == "updated by boto3", updated
    assert client.describe_workteam(WorkteamName=team_name)["Workteam"]["Description"] == "updated by boto3"

    step("delete_workteam")
    deleted = client.delete_workteam(WorkteamName=team_name)
    assert deleted["Success"] is True, deleted
    teams = [t["WorkteamName"] for t in client.list_workteams()["Workteams"]]
    assert team_name not in teams, f"deleted team still listed: {teams!r}"

    # --- Tags --------------------------------------------------------------------------------
    step("add_tags / list_tags / delete_tags on a job ARN")
    added = client.add_tags(ResourceArn=second_arn, Tags=[{"Key": "stage", "Value": "test"}])
    assert {"Key": "stage", "Value": "test"} in added["Tags"], f"add_tags answer: {added['Tags']!r}"
    tags = client.list_tags(ResourceArn=second_arn)["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == [
        {"Key": "project", "Value": "example"},
        {"Key": "stage", "Value": "test"},
    ], f"list_tags: {tags!r}"
    client.delete_tags(ResourceArn=second_arn, TagKeys=["stage"])
    tags = client.list_tags(ResourceArn=second_arn)["Tags"]
    assert tags == [{"Key": "project", "Value": "example"}], f"list_tags after delete_tags: {tags!r}"

    print("boto3 control plane: OK", flush=True)


if __name__ == "__main__":
    main()
