/**
 * The key a crowd-form files an answer under is the `name` attribute of the template's crowd
 * element (`{"crowd-classifier": {"label": ...}}` for AWS's video template). Simulated answers use
 * the name the job's own template gives, so they look exactly like what a worker's browser sends.
 */

/** The classification elements whose value is `{label}` or `{labels}`. */
const CLASSIFIER = /<(crowd-(?:image-)?classifier(?:-multi-select)?)\b([^>]*)>/giu;
const NAME_ATTRIBUTE = /(?:^|\s)name\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/iu;

/**
 * The name of the template's first classifier element that has one; else the element's own tag
 * (AWS's templates name the element after itself), or `crowd-classifier` without a template.
 */
export function answerKeyOf(template: string | undefined, multiLabel: boolean): string {
  const fallback = multiLabel ? "crowd-classifier-multi-select" : "crowd-classifier";
  if (template === undefined) return fallback;
  let firstTag: string | undefined;
  for (const match of template.matchAll(CLASSIFIER)) {
    const [, tag = "", attributes = ""] = match;
    firstTag ??= tag.toLowerCase();
    const name = NAME_ATTRIBUTE.exec(attributes);
    const value = name?.[1] ?? name?.[2] ?? name?.[3];
    if (value !== undefined && value !== "") return value;
  }
  return firstTag ?? fallback;
}
