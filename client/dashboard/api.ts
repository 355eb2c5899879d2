/** The dashboard's view of the admin API (`/_gt/api/dashboard/...`); dates arrive as ISO strings. */
export interface Counters {
  totalLabeled: number;
  humanLabeled: number;
  machineLabeled: number;
  failedNonRetryableError: number;
  unlabeled: number;
}

export interface JobOverview {
  name: string;
  region: string;
  arn: string;
  status: string;
  title: string;
  taskType: string;
  createdAt: string;
  lastModifiedAt: string;
  counters: Counters;
  objects: number;
  workersPerObject: number;
  failureReason?: string;
  outputDatasetS3Uri?: string;
}

export interface LabelCount {
  label: string;
  consolidated: number;
  answers: number;
}

export interface AlphaResult {
  alpha?: number;
  undefinedBecause?: "no-pairable-units" | "no-variation";
  pairableUnits: number;
  pairableValues: number;
}

export interface AgreementBin {
  from: number;
  to: number;
  objects: number;
}

export interface WorkerRow {
  workerId: string;
  displayName?: string;
  submitted: number;
  activeSeconds: number;
  tasksPerHour?: number;
  medianSecondsPerTask: number;
  compared: number;
  agreeing: number;
  agreement?: number;
  lastSubmittedAt: string;
}

export interface GalleryItem {
  datasetObjectId: string;
  state: "queued" | "open" | "labeled" | "failed";
  kind: "video" | "image" | "text" | "file";
  source: string;
  url?: string;
  labels?: string[];
  confidence?: number;
  answers: number;
  agreement?: number;
  failureReason?: string;
}

export interface ManifestPage {
  uri: string;
  url?: string;
  lineCount: number;
  offset: number;
  lines: string[];
  error?: string;
}

export interface JobDetail {
  job: JobOverview & { labelAttributeName: string; consolidation?: string; labels: string[] };
  stats: {
    distribution: { labels: LabelCount[]; consolidatedObjects: number; answers: number };
    alpha: AlphaResult;
    agreement: { objects: number; singleAnswerObjects: number; mean?: number; histogram: AgreementBin[] };
    workers: WorkerRow[];
  };
  gallery: { offset: number; limit: number; total: number; items: GalleryItem[] };
  manifest?: ManifestPage;
}

export class ApiError extends Error {}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`/_gt/api${path}`, { headers: { accept: "application/json" } });
  const payload = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new ApiError(payload.error?.message ?? `HTTP ${String(response.status)}`);
  return payload;
}

export const listJobs = async (): Promise<JobOverview[]> =>
  (await get<{ jobs: JobOverview[] }>("/dashboard/jobs")).jobs;

export const jobDetail = (name: string, region: string, limit: number): Promise<JobDetail> =>
  get<JobDetail>(
    `/dashboard/jobs/${encodeURIComponent(name)}?region=${encodeURIComponent(region)}&limit=${String(limit)}`,
  );
