import type { S3OperationRegistry } from "./operation.js";
import { abortMultipartUpload } from "./operations/abort-multipart-upload.js";
import { completeMultipartUpload } from "./operations/complete-multipart-upload.js";
import { copyObject } from "./operations/copy-object.js";
import { createBucket } from "./operations/create-bucket.js";
import { createMultipartUpload } from "./operations/create-multipart-upload.js";
import { deleteBucket } from "./operations/delete-bucket.js";
import { deleteObject } from "./operations/delete-object.js";
import { deleteObjects } from "./operations/delete-objects.js";
import { getBucketLocation } from "./operations/get-bucket-location.js";
import { getObject } from "./operations/get-object.js";
import { headBucket } from "./operations/head-bucket.js";
import { headObject } from "./operations/head-object.js";
import { listBuckets } from "./operations/list-buckets.js";
import { listObjectsV2 } from "./operations/list-objects-v2.js";
import { listObjects } from "./operations/list-objects.js";
import { listParts } from "./operations/list-parts.js";
import { putObject } from "./operations/put-object.js";
import { uploadPart } from "./operations/upload-part.js";

/** Every S3 operation gt-local serves, by what it addresses; each in its own small file. */
export const S3_OPERATIONS: S3OperationRegistry = {
  service: {
    ListBuckets: listBuckets,
  },
  bucket: {
    CreateBucket: createBucket,
    DeleteBucket: deleteBucket,
    DeleteObjects: deleteObjects,
    GetBucketLocation: getBucketLocation,
    HeadBucket: headBucket,
    ListObjects: listObjects,
    ListObjectsV2: listObjectsV2,
  },
  object: {
    AbortMultipartUpload: abortMultipartUpload,
    CompleteMultipartUpload: completeMultipartUpload,
    CopyObject: copyObject,
    CreateMultipartUpload: createMultipartUpload,
    DeleteObject: deleteObject,
    GetObject: getObject,
    HeadObject: headObject,
    ListParts: listParts,
    PutObject: putObject,
    UploadPart: uploadPart,
  },
};
