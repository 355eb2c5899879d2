import type { OperationRegistry } from "./operation.js";
import { addTags } from "./operations/add-tags.js";
import { createLabelingJob } from "./operations/create-labeling-job.js";
import { createWorkforce } from "./operations/create-workforce.js";
import { createWorkteam } from "./operations/create-workteam.js";
import { deleteTags } from "./operations/delete-tags.js";
import { deleteWorkforce } from "./operations/delete-workforce.js";
import { deleteWorkteam } from "./operations/delete-workteam.js";
import { describeLabelingJob } from "./operations/describe-labeling-job.js";
import { describeWorkforce } from "./operations/describe-workforce.js";
import { describeWorkteam } from "./operations/describe-workteam.js";
import { listLabelingJobsForWorkteam } from "./operations/list-labeling-jobs-for-workteam.js";
import { listLabelingJobs } from "./operations/list-labeling-jobs.js";
import { listTags } from "./operations/list-tags.js";
import { listWorkforces } from "./operations/list-workforces.js";
import { listWorkteams } from "./operations/list-workteams.js";
import { renderUiTemplate } from "./operations/render-ui-template.js";
import { stopLabelingJob } from "./operations/stop-labeling-job.js";
import { updateWorkteam } from "./operations/update-workteam.js";

/** Every operation of the vendored model, each in its own small file. */
export const OPERATIONS: OperationRegistry = {
  AddTags: addTags,
  CreateLabelingJob: createLabelingJob,
  CreateWorkforce: createWorkforce,
  CreateWorkteam: createWorkteam,
  DeleteTags: deleteTags,
  DeleteWorkforce: deleteWorkforce,
  DeleteWorkteam: deleteWorkteam,
  DescribeLabelingJob: describeLabelingJob,
  DescribeWorkforce: describeWorkforce,
  DescribeWorkteam: describeWorkteam,
  ListLabelingJobs: listLabelingJobs,
  ListLabelingJobsForWorkteam: listLabelingJobsForWorkteam,
  ListTags: listTags,
  ListWorkforces: listWorkforces,
  ListWorkteams: listWorkteams,
  RenderUiTemplate: renderUiTemplate,
  StopLabelingJob: stopLabelingJob,
  UpdateWorkteam: updateWorkteam,
};
