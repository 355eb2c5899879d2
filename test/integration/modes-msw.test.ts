import { mswMode } from "../modes/modes.js";
import { describeSharedSuite } from "../modes/shared-suite.js";

describeSharedSuite("in-process with msw, clients on AWS's host names", mswMode("aws-hosts"));
describeSharedSuite("in-process with msw, clients on the custom endpoint", mswMode("custom-endpoint"));
