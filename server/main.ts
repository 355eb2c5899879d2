import { buildProgram } from "./cli/program.js";

// gt-local supports Node 20 (package.json engines). The AWS SDK's notice that its releases after
// January 2027 will need Node 22 is for gt-local's maintainers, who pin the SDK; printed on every
// command it would break the CLI's promise of one line on stderr per error.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// The `gt-local` binary and `npm start`: the commands live in server/cli/, one file each.
await buildProgram().parseAsync();
