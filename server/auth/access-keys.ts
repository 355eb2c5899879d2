/**
 * The access keys a `--verify-signatures` server accepts (`--access-key <id>:<secret>`, repeatable,
 * or `GT_LOCAL_ACCESS_KEYS=<id>:<secret>,<id>:<secret>`). Session tokens are not keys of their own:
 * a request signed with temporary credentials is checked against the secret of its key id.
 */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The key gt-local signs with when none is configured (every key is accepted then). */
export const LOCAL_SIGNING_KEY: AccessKey = { accessKeyId: "gt-local", secretAccessKey: "gt-local" };

/** An AWS access key id: letters and digits (AWS's are 16 to 128 characters; local ones may be shorter). */
const KEY_ID = /^[A-Za-z0-9]{1,128}$/u;

/** `<id>:<secret>`; the secret may itself hold `:` (only the first one splits). */
export function parseAccessKey(text: string): AccessKey {
  const colon = text.indexOf(":");
  const accessKeyId = colon === -1 ? text.trim() : text.slice(0, colon).trim();
  const secretAccessKey = colon === -1 ? "" : text.slice(colon + 1).trim();
  if (!KEY_ID.test(accessKeyId) || secretAccessKey === "") {
    throw new Error(
      `an access key is <id>:<secret>, the id letters and digits (e.g. AKIDEXAMPLE:wJalrXUtnFEMI), not "${text}"`,
    );
  }
  return { accessKeyId, secretAccessKey };
}

/** A comma-separated list of `<id>:<secret>` (the environment variable's form); blanks are skipped. */
export function parseAccessKeyList(text: string): AccessKey[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map(parseAccessKey);
}

/** Looks secrets up by key id. Two keys with the same id are a configuration mistake, refused. */
export class AccessKeyring {
  readonly #secrets = new Map<string, string>();

  constructor(readonly keys: readonly AccessKey[]) {
    for (const key of keys) {
      if (this.#secrets.has(key.accessKeyId)) {
        throw new Error(`the access key id ${key.accessKeyId} is configured twice`);
      }
      this.#secrets.set(key.accessKeyId, key.secretAccessKey);
    }
  }

  secretOf(accessKeyId: string): string | undefined {
    return this.#secrets.get(accessKeyId);
  }

  /** The key gt-local signs its own URLs with (grant_read_access, the dashboard's gallery). */
  get signingKey(): AccessKey {
    return this.keys[0] ?? LOCAL_SIGNING_KEY;
  }
}
