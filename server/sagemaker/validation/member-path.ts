/**
 * Member paths as AWS's Coral validation reports them: lowerCamelCase members joined with dots,
 * list items as `<list>.<1-based index>.member` (`tags.1.member.key`), map entries as `<map>.<key>`.
 */

/** The path of the request body itself. */
export const ROOT_PATH = "";

/** `S3OutputPath` → `s3OutputPath`, `KmsKeyId` → `kmsKeyId`: only the first character changes. */
export function lowerCamel(memberName: string): string {
  return memberName.charAt(0).toLowerCase() + memberName.slice(1);
}

const join = (parent: string, child: string): string => (parent === ROOT_PATH ? child : `${parent}.${child}`);

export function memberPath(parent: string, memberName: string): string {
  return join(parent, lowerCamel(memberName));
}

/** `index` is 0-based; Coral's paths are 1-based. */
export function listItemPath(parent: string, index: number): string {
  return join(parent, `${index + 1}.member`);
}

export function mapEntryPath(parent: string, key: string): string {
  return join(parent, key);
}
