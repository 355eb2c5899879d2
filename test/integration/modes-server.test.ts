import { serverMode } from "../modes/modes.js";
import { describeSharedSuite } from "../modes/shared-suite.js";

describeSharedSuite("on a server on port 0", serverMode);
