/**
 * boto3 and the AWS CLI against a `--verify-signatures` gt-local: each script signs with the right
 * key (everything works, a presigned URL included) and with a wrong secret (AWS's errors), and
 * prints "<tool> verified: OK" last when every check passed.
 */

/** `python3 -c BOTO3_SCRIPT <endpoint> <id> <secret>` */
export const BOTO3_SCRIPT = String.raw`
import sys, urllib.request, urllib.error
import boto3, botocore.config
from botocore.exceptions import ClientError

endpoint, key_id, secret = sys.argv[1:4]
config = botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}, s3={"addressing_style": "path"})

def clients(secret_key):
    session = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret_key, region_name="us-east-1")
    return (session.client("s3", endpoint_url=endpoint, config=config),
            session.client("sagemaker", endpoint_url=endpoint, config=config))

def code_of(call):
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"]
    raise AssertionError("the call succeeded with a wrong secret")

s3, sagemaker = clients(secret)
s3.create_bucket(Bucket="boto3-verified")
s3.put_object(Bucket="boto3-verified", Key="a key/with spaces+plus.txt", Body=b"boto3 bytes")
body = s3.get_object(Bucket="boto3-verified", Key="a key/with spaces+plus.txt")["Body"].read()
assert body == b"boto3 bytes", body
names = [team["WorkteamName"] for team in sagemaker.list_workteams()["Workteams"]]
assert names == ["example-team"], names
url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto3-verified", "Key": "a key/with spaces+plus.txt"}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == b"boto3 bytes"
try:
    urllib.request.urlopen(url.replace("X-Amz-Expires=60", "X-Amz-Expires=61"))
    raise AssertionError("a tampered presigned URL was served")
except urllib.error.HTTPError as error:
    assert error.code == 403, error.code

bad_s3, bad_sagemaker = clients("wrong-" + secret)
assert code_of(lambda: bad_s3.get_object(Bucket="boto3-verified", Key="a key/with spaces+plus.txt")) == "SignatureDoesNotMatch"
assert code_of(lambda: bad_sagemaker.list_workteams()) == "InvalidSignatureException"
print("boto3 verified: OK")
`;

/** `bash -c AWS_CLI_SCRIPT aws-cli-verified <endpoint> <id> <secret>` */
export const AWS_CLI_SCRIPT = String.raw`
set -euo pipefail
ENDPOINT="$1"
export AWS_ACCESS_KEY_ID="$2" AWS_SECRET_ACCESS_KEY="$3" AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_MAX_ATTEMPTS=1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "cli bytes" > "$WORK/file.txt"
aws s3 mb s3://cli-verified --endpoint-url "$ENDPOINT" > /dev/null
aws s3 cp "$WORK/file.txt" "s3://cli-verified/dir/file name.txt" --endpoint-url "$ENDPOINT" > /dev/null
aws s3 cp "s3://cli-verified/dir/file name.txt" "$WORK/back.txt" --endpoint-url "$ENDPOINT" > /dev/null
cmp "$WORK/file.txt" "$WORK/back.txt"
aws sagemaker list-workteams --endpoint-url "$ENDPOINT" | grep -q '"WorkteamName": "example-team"'
if AWS_SECRET_ACCESS_KEY="wrong-$3" aws s3api head-bucket --bucket cli-verified --endpoint-url "$ENDPOINT" 2> "$WORK/s3.err"; then
  echo "a wrong secret was accepted by S3" >&2; exit 1
fi
if AWS_SECRET_ACCESS_KEY="wrong-$3" aws sagemaker list-workteams --endpoint-url "$ENDPOINT" 2> "$WORK/sm.err"; then
  echo "a wrong secret was accepted by SageMaker" >&2; exit 1
fi
grep -q "(403)" "$WORK/s3.err" || { cat "$WORK/s3.err" >&2; exit 1; }
grep -q "InvalidSignatureException" "$WORK/sm.err" || { cat "$WORK/sm.err" >&2; exit 1; }
echo "aws cli verified: OK"
`;
