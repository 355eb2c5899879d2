/** A full Lambda function ARN, with an optional version or alias qualifier. */
const FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9$_-]+))?$/u;
/** A bare function name, as Lambda accepts it. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,140}$/u;

/**
 * The function name of a Lambda ARN: the segment after `:function:`, without qualifier
 * (`arn:aws:lambda:us-east-1:111122223333:function:my-pre:live` → `my-pre`). A string that is not
 * an ARN is taken as the name itself.
 */
export function lambdaFunctionName(functionArn: string): string {
  return FUNCTION_ARN.exec(functionArn)?.[1] ?? functionArn;
}

/** The region of a Lambda ARN, if it names one. */
export function lambdaRegion(functionArn: string): string | undefined {
  return FUNCTION_ARN.test(functionArn) ? functionArn.split(":")[3] || undefined : undefined;
}

/** Whether a configuration key is a Lambda function ARN or a bare function name. */
export const isLambdaKey = (key: string): boolean => FUNCTION_ARN.test(key) || FUNCTION_NAME.test(key);
