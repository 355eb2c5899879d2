#!/usr/bin/env bash
# Drives gt-local's S3 API with the AWS CLI (`aws s3` and `aws s3api`) and checks it behaves like S3.
#
# Usage: aws_cli_s3.sh ENDPOINT_URL
#
# Uses a temporary directory (removed on exit) for the files it uploads and downloads. JSON answers
# are checked with python3 (jq may be absent). Prints "aws cli s3: OK" last and exits 0 only when
# every check passes.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 ENDPOINT_URL" >&2
  exit 2
fi
ENDPOINT="$1"

export AWS_ACCESS_KEY_ID="x"
export AWS_SECRET_ACCESS_KEY="y"
export AWS_DEFAULT_REGION="us-east-1"
export AWS_PAGER=""
export AWS_MAX_ATTEMPTS=1
# Never pick up a developer's own profile or config.
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 || true
# File names with unicode must print the same whatever the caller's locale.
export PYTHONIOENCODING="utf-8"

# Resolve the interpreter once: a version-manager shim (pyenv) costs most of a second per call.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

BUCKET="cli-bucket"
SMALL_TEXT="hello from the aws cli, 0123456789 abcdefghijklmnopqrstuvwxyz"
BIG_BYTES=$((20 * 1024 * 1024))
# The CLI's default multipart_chunksize: 8 MiB parts, so 20 MiB is three parts (8 + 8 + 4).
PART_BYTES=$((8 * 1024 * 1024))
UNICODE_NAME="a file with spaces — ünïcødé 日本.txt"

s3() {
  aws s3 "$@" --endpoint-url "$ENDPOINT"
}

s3api() {
  aws s3api "$@" --endpoint-url "$ENDPOINT" --output json
}

step() {
  echo "- $*"
}

fail() {
  echo "check failed: $*" >&2
  exit 1
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

# expect_failure FRAGMENT -- COMMAND...: the command must exit non-zero and its stderr contain FRAGMENT.
expect_failure() {
  local fragment="$1"
  shift 2
  local stderr_file status=0
  stderr_file="$(mktemp -p "$WORK")"
  "$@" >/dev/null 2>"$stderr_file" || status=$?
  local stderr_text
  stderr_text="$(cat "$stderr_file")"
  if [[ $status -eq 0 ]]; then
    fail "'$*' succeeded; expected a failure mentioning '$fragment'"
  fi
  if [[ "$stderr_text" != *"$fragment"* ]]; then
    fail "'$*' exited $status; stderr should contain '$fragment', got:"$'\n'"$stderr_text"
  fi
}

# expect_line_matching TEXT REGEX MESSAGE: some line of TEXT matches the (extended) REGEX.
expect_line_matching() {
  if ! grep -Eq -- "$2" <<<"$1"; then
    fail "$3: no line matches /$2/ in:"$'\n'"$1"
  fi
}

md5_of() {
  md5sum "$1" | cut -d' ' -f1
}

# The ETag S3 gives a multipart object: md5 of the parts' binary md5s, then "-<part count>".
multipart_etag_of() {
  "$PYTHON" - "$1" "$2" <<'PY'
import hashlib, sys
path, part_size = sys.argv[1], int(sys.argv[2])
digests = []
with open(path, "rb") as source:
    while chunk := source.read(part_size):
        digests.append(hashlib.md5(chunk).digest())
print(f"{hashlib.md5(b''.join(digests)).hexdigest()}-{len(digests)}")
PY
}

# --- fixtures ---------------------------------------------------------------------------------
mkdir -p "$WORK/up" "$WORK/down" "$WORK/tree/nested/deeper" "$WORK/tree/other dir" "$WORK/tree-back"
printf '%s' "$SMALL_TEXT" >"$WORK/up/small.txt"
head -c "$BIG_BYTES" /dev/urandom >"$WORK/up/big.bin"
printf 'top level\n' >"$WORK/tree/top.txt"
printf 'nested one\n' >"$WORK/tree/nested/one.txt"
printf 'deeper two\n' >"$WORK/tree/nested/deeper/two.txt"
printf 'spaces and unicode\n' >"$WORK/tree/other dir/$UNICODE_NAME"
head -c 70000 /dev/urandom >"$WORK/tree/nested/random.bin"
# Sync compares size and modification time. S3's LastModified has whole-second precision, so files
# written in the same second as the upload could look newer than their copies; date them back.
find "$WORK/tree" -type f -exec touch -d '10 minutes ago' {} +

# --- make bucket, list buckets ----------------------------------------------------------------
step "s3 mb s3://$BUCKET"
out="$(s3 mb "s3://$BUCKET")"
[[ "$out" == *"make_bucket: $BUCKET"* ]] || fail "mb should print 'make_bucket: $BUCKET', got: $out"

step "s3 ls (buckets)"
out="$(s3 ls)"
expect_line_matching "$out" "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} ${BUCKET}\$" "the bucket list"

# --- cp up and down ---------------------------------------------------------------------------
step "s3 cp small file up"
s3 cp --no-progress "$WORK/up/small.txt" "s3://$BUCKET/files/small.txt" >/dev/null

step "s3 cp 20 MiB file up (multipart)"
s3 cp --no-progress "$WORK/up/big.bin" "s3://$BUCKET/files/big.bin" >/dev/null

step "s3 cp both back and cmp"
s3 cp --no-progress "s3://$BUCKET/files/small.txt" "$WORK/down/small.txt" >/dev/null
s3 cp --no-progress "s3://$BUCKET/files/big.bin" "$WORK/down/big.bin" >/dev/null
cmp "$WORK/up/small.txt" "$WORK/down/small.txt" || fail "small.txt differs after the round trip"
cmp "$WORK/up/big.bin" "$WORK/down/big.bin" || fail "big.bin differs after the round trip"

# --- s3api head-object / get-object --range ---------------------------------------------------
step "s3api head-object (small: ContentLength, quoted md5 ETag)"
out="$(s3api head-object --bucket "$BUCKET" --key files/small.txt)"
check "$out" "d['ContentLength'] == ${#SMALL_TEXT}" "ContentLength of small.txt"
check "$out" "d['ETag'] == '\"$(md5_of "$WORK/up/small.txt")\"'" "ETag is the quoted md5 of small.txt"
check "$out" "'LastModified' in d" "LastModified present"

step "s3api head-object (big: multipart ETag)"
out="$(s3api head-object --bucket "$BUCKET" --key files/big.bin)"
check "$out" "d['ContentLength'] == ${BIG_BYTES}" "ContentLength of big.bin"
check "$out" "d['ETag'] == '\"$(multipart_etag_of "$WORK/up/big.bin" "$PART_BYTES")\"'" \
  "ETag of a three-part upload is the quoted md5-of-md5s with -3"

step "s3api get-object --range bytes=0-9"
out="$(s3api get-object --bucket "$BUCKET" --key files/small.txt --range bytes=0-9 "$WORK/down/range.txt")"
check "$out" "d['ContentLength'] == 10" "a 10-byte range"
check "$out" "d['ContentRange'] == 'bytes 0-9/${#SMALL_TEXT}'" "ContentRange of the range"
[[ "$(cat "$WORK/down/range.txt")" == "${SMALL_TEXT:0:10}" ]] ||
  fail "range body: expected '${SMALL_TEXT:0:10}', got '$(cat "$WORK/down/range.txt")'"

# --- sync up, ls, sync down -------------------------------------------------------------------
step "s3 sync folder tree up"
out="$(s3 sync --no-progress "$WORK/tree" "s3://$BUCKET/tree/")"
uploads="$(grep -c '^upload: ' <<<"$out" || true)"
[[ "$uploads" == 5 ]] || fail "sync should upload 5 files, got $uploads:"$'\n'"$out"

step "s3 ls s3://$BUCKET/files/ (objects with sizes)"
out="$(s3 ls "s3://$BUCKET/files/")"
expect_line_matching "$out" "^[0-9-]{10} [0-9:]{8} +${#SMALL_TEXT} small\\.txt\$" "small.txt with its size"
expect_line_matching "$out" "^[0-9-]{10} [0-9:]{8} +${BIG_BYTES} big\\.bin\$" "big.bin with its size"

step "s3 ls s3://$BUCKET/ (prefixes)"
out="$(s3 ls "s3://$BUCKET/")"
expect_line_matching "$out" "^ +PRE files/\$" "PRE files/"
expect_line_matching "$out" "^ +PRE tree/\$" "PRE tree/"

step "s3 ls --recursive"
out="$(s3 ls --recursive "s3://$BUCKET/")"
for key in files/small.txt files/big.bin tree/top.txt tree/nested/one.txt tree/nested/deeper/two.txt \
  tree/nested/random.bin "tree/other dir/$UNICODE_NAME"; do
  grep -Fq -- " $key" <<<"$out" || fail "ls --recursive should list '$key':"$'\n'"$out"
done
expect_line_matching "$out" "^[0-9-]{10} [0-9:]{8} +70000 tree/nested/random\\.bin\$" "random.bin with its size"
lines="$(grep -c . <<<"$out")"
[[ "$lines" == 7 ]] || fail "ls --recursive should list 7 objects, got $lines:"$'\n'"$out"

step "s3api list-objects-v2 --delimiter / --prefix tree/"
out="$(s3api list-objects-v2 --bucket "$BUCKET" --delimiter / --prefix tree/)"
check "$out" "[c['Key'] for c in d.get('Contents', [])] == ['tree/top.txt']" "only tree/top.txt directly under tree/"
check "$out" "[p['Prefix'] for p in d.get('CommonPrefixes', [])] == ['tree/nested/', 'tree/other dir/']" \
  "the two sub-folders as CommonPrefixes, sorted"
check "$out" "d['Contents'][0]['Size'] == 10 and re.fullmatch(r'\"[0-9a-f]{32}\"', d['Contents'][0]['ETag'])" \
  "Size and quoted ETag in Contents"

step "s3 sync tree back down and diff -r"
s3 sync --no-progress "s3://$BUCKET/tree/" "$WORK/tree-back" >/dev/null
diff -r "$WORK/tree" "$WORK/tree-back" || fail "the synced-back tree differs"

step "a second s3 sync up transfers nothing"
out="$(s3 sync --no-progress "$WORK/tree" "s3://$BUCKET/tree/")"
[[ -z "$out" ]] || fail "second sync up should print nothing, got:"$'\n'"$out"

step "a second s3 sync down transfers nothing"
out="$(s3 sync --no-progress "s3://$BUCKET/tree/" "$WORK/tree-back")"
[[ -z "$out" ]] || fail "second sync down should print nothing, got:"$'\n'"$out"

# --- errors -----------------------------------------------------------------------------------
step "s3api head-object of a missing key fails with (404)"
expect_failure "(404)" -- s3api head-object --bucket "$BUCKET" --key no/such/key

step "s3 rb of a non-empty bucket fails with BucketNotEmpty"
expect_failure "BucketNotEmpty" -- s3 rb "s3://$BUCKET"

# --- rm --recursive, rb -----------------------------------------------------------------------
step "s3 rm --recursive"
out="$(s3 rm --recursive "s3://$BUCKET/" | tr "\r" "\n")"
deletes="$(grep -c '^delete: ' <<<"$out" || true)"
[[ "$deletes" == 7 ]] || fail "rm --recursive should delete 7 objects, got $deletes:"$'\n'"$out"
out="$(s3api list-objects-v2 --bucket "$BUCKET")"
check "$out" "not d.get('Contents')" "the bucket is empty after rm --recursive"

step "s3 rb"
out="$(s3 rb "s3://$BUCKET")"
[[ "$out" == *"remove_bucket: $BUCKET"* ]] || fail "rb should print 'remove_bucket: $BUCKET', got: $out"
out="$(s3api list-buckets)"
check "$out" "'${BUCKET}' not in [b['Name'] for b in d['Buckets']]" "the removed bucket is no longer listed"

echo "aws cli s3: OK"
