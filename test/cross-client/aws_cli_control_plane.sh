#!/usr/bin/env bash
# Drives gt-local's SageMaker control plane with the AWS CLI and checks it gets AWS-shaped answers.
#
# Usage: aws_cli_control_plane.sh ENDPOINT_URL FIXTURE_JSON
#
# FIXTURE_JSON is a valid CreateLabelingJob request (team example-team, us-east-1). JSON answers are
# checked with python3 (jq may be absent). Prints "aws cli control plane: OK" last and exits 0 only
# when every check passes.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 ENDPOINT_URL FIXTURE_JSON" >&2
  exit 2
fi
ENDPOINT="$1"
FIXTURE="$2"

export AWS_ACCESS_KEY_ID="x"
export AWS_SECRET_ACCESS_KEY="y"
export AWS_DEFAULT_REGION="us-east-1"
export AWS_PAGER=""
export AWS_MAX_ATTEMPTS=1
# Never pick up a developer's own profile or config.
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_SAGEMAKER || true

# Resolve the interpreter once: a version-manager shim (pyenv) costs most of a second per call.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"

ACCOUNT="123456789012"
REGION="us-east-1"
FIXTURE_NAME="$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["LabelingJobName"])' "$FIXTURE")"
SECOND_NAME="Cli-Second-Job"
SECOND_ARN="arn:aws:sagemaker:${REGION}:${ACCOUNT}:labeling-job/cli-second-job"
TEAM_NAME="cli-team"

sm() {
  aws sagemaker "$@" --endpoint-url "$ENDPOINT" --output json
}

step() {
  echo "- $*"
}

# check JSON PYTHON_EXPRESSION MESSAGE: asserts the expression (over `d`, the parsed JSON) is true.
check() {
  "$PYTHON" - "$1" "$2" "$3" <<'PY'
import json, re, sys
document, expression, message = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.loads(document)
if not eval(expression, {"d": d, "re": re}):
    sys.exit(f"check failed: {message}\n  expression: {expression}\n  answer: {json.dumps(d, indent=2)[:4000]}")
PY
}

# expect_error CODE MESSAGE_FRAGMENT -- COMMAND...: the command must fail and stderr carry both.
expect_error() {
  local code="$1" fragment="$2"
  shift 3
  local stderr_file
  stderr_file="$(mktemp)"
  local status=0
  "$@" >/dev/null 2>"$stderr_file" || status=$?
  local stderr_text
  stderr_text="$(cat "$stderr_file")"
  rm -f "$stderr_file"
  if [[ $status -eq 0 ]]; then
    echo "check failed: '$*' succeeded; expected ($code)" >&2
    exit 1
  fi
  if [[ "$stderr_text" != *"($code)"* || "$stderr_text" != *"$fragment"* ]]; then
    echo "check failed: '$*' exited $status; stderr should contain '($code)' and '$fragment', got:" >&2
    echo "$stderr_text" >&2
    exit 1
  fi
}

# --- create-labeling-job ----------------------------------------------------------------------
step "create-labeling-job --cli-input-json file://fixture"
out="$(sm create-labeling-job --cli-input-json "file://${FIXTURE}")"
check "$out" "d == {'LabelingJobArn': 'arn:aws:sagemaker:${REGION}:${ACCOUNT}:labeling-job/' + '${FIXTURE_NAME}'.lower()}" \
  "create-labeling-job answers the lower-cased job ARN"

step "create-labeling-job with a name overriding the fixture's"
out="$(sm create-labeling-job --cli-input-json "file://${FIXTURE}" --labeling-job-name "$SECOND_NAME")"
check "$out" "d['LabelingJobArn'] == '${SECOND_ARN}'" "the second job's ARN"

# --- describe-labeling-job --------------------------------------------------------------------
step "describe-labeling-job"
out="$(sm describe-labeling-job --labeling-job-name "$SECOND_NAME")"
check "$out" "d['LabelingJobName'] == '${SECOND_NAME}' and d['LabelingJobArn'] == '${SECOND_ARN}'" "name and ARN"
check "$out" "d['LabelingJobStatus'] in ('Initializing', 'InProgress')" "status of a new job"
check "$out" "re.fullmatch(r'123456789012[A-Za-z0-9]{16}', d['JobReferenceCode'])" "JobReferenceCode format"
# CLI v1 prints JSON-protocol timestamps as they came over the wire (epoch seconds, as from AWS);
# CLI v2 prints ISO 8601 by default. Either must be a time close to now.
check "$out" "abs(__import__('time').time() - (d['CreationTime'] if isinstance(d['CreationTime'], (int, float)) else __import__('datetime').datetime.fromisoformat(d['CreationTime']).timestamp())) < 3600" \
  "CreationTime is a timestamp (epoch seconds or ISO 8601) close to now"
check "$out" "set(d['LabelCounters']) == {'TotalLabeled', 'HumanLabeled', 'MachineLabeled', 'FailedNonRetryableError', 'Unlabeled'}" \
  "all five LabelCounters"
check "$out" "d['HumanTaskConfig']['WorkteamArn'].endswith('workteam/private-crowd/example-team')" "work team ARN"
check "$out" "d['Tags'] == [{'Key': 'project', 'Value': 'example'}]" "tags from the request"

# --- list-labeling-jobs (the CLI follows NextToken itself) ------------------------------------
step "list-labeling-jobs --page-size 1 (auto-paginated)"
out="$(sm list-labeling-jobs --page-size 1)"
check "$out" "sorted(j['LabelingJobName'] for j in d['LabelingJobSummaryList']) == sorted(['${FIXTURE_NAME}', '${SECOND_NAME}'])" \
  "both jobs, each exactly once, across pages"
check "$out" "'NextToken' not in d" "no NextToken left after auto-pagination"

# --- workteams --------------------------------------------------------------------------------
step "create-workteam + list-workteams"
out="$(sm describe-workforce --workforce-name default)"
check "$out" "d['Workforce']['WorkforceName'] == 'default' and d['Workforce']['CognitoConfig']['UserPool']" \
  "the default workforce"
members="$("$PYTHON" -c '
import json, sys
cognito = json.loads(sys.argv[1])["Workforce"]["CognitoConfig"]
print(json.dumps([{"CognitoMemberDefinition": {"UserPool": cognito["UserPool"], "UserGroup": "cli-labelers", "ClientId": cognito["ClientId"]}}]))
' "$out")"
out="$(sm create-workteam --workteam-name "$TEAM_NAME" --description "a team created by the AWS CLI" \
  --member-definitions "$members")"
check "$out" "d == {'WorkteamArn': 'arn:aws:sagemaker:${REGION}:${ACCOUNT}:workteam/private-crowd/${TEAM_NAME}'}" \
  "create-workteam answers the team ARN"
out="$(sm list-workteams)"
check "$out" "{'${TEAM_NAME}', 'example-team'} <= {t['WorkteamName'] for t in d['Workteams']}" "both teams listed"

# --- tags -------------------------------------------------------------------------------------
step "add-tags + list-tags"
out="$(sm add-tags --resource-arn "$SECOND_ARN" --tags Key=stage,Value=test)"
check "$out" "{'Key': 'stage', 'Value': 'test'} in d['Tags']" "add-tags answers the tags"
out="$(sm list-tags --resource-arn "$SECOND_ARN")"
check "$out" "sorted(d['Tags'], key=lambda t: t['Key']) == [{'Key': 'project', 'Value': 'example'}, {'Key': 'stage', 'Value': 'test'}]" \
  "list-tags shows the request's and the added tag"

# --- errors -----------------------------------------------------------------------------------
step "describe-labeling-job of a missing job fails with (ResourceNotFound)"
expect_error ResourceNotFound "no-such-job" -- sm describe-labeling-job --labeling-job-name no-such-job

step "a bad job name fails with (ValidationException)"
expect_error ValidationException \
  "1 validation error detected: Value 'my_job' at 'labelingJobName' failed to satisfy constraint" \
  -- sm create-labeling-job --cli-input-json "file://${FIXTURE}" --labeling-job-name my_job

echo "aws cli control plane: OK"
