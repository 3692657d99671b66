// Personal identifiers (a customer's email in a Shopify export) are replaced as the file is read by
// a keyed hash, HMAC-SHA256 with a secret key, so that no email reaches the warehouse, a mart or
// the published site, while one customer keeps one id across files and builds. The key comes from
// the environment only (ANALYTICS_PSEUDONYM_KEY): a key in the config would be committed with it,
// and an unkeyed or public-key hash of an email is undone by hashing a list of emails. There is no
// fallback: without the key the load stops with one sentence. A random key per build was rejected:
// customer ids would change on every build, and marts would no longer be byte-identical.
import { createHash } from "node:crypto";
import { literal } from "../pipeline/duckdb.ts";
import { UserError } from "../pipeline/errors.ts";

export const pseudonymKeyVariable = "ANALYTICS_PSEUDONYM_KEY";
const minimumKeyLength = 16;

export interface PseudonymKey {
  /** Changes when the key changes (so the source reloads), without revealing it. */
  id: string;
  /** The key itself; a function, so that JSON.stringify of a source config never writes it. */
  key: () => string;
}

/** The key from the process environment (a secret, not a per-run override), or a key whose use stops the load with what to do. */
export function pseudonymKey(where: string): PseudonymKey {
  const key = process.env[pseudonymKeyVariable];
  if (key && key.length >= minimumKeyLength) {
    return { id: createHash("sha256").update(`pseudonym-key-id:${key}`).digest("hex").slice(0, 16), key: () => key };
  }
  const problem = key ? `is shorter than ${minimumKeyLength} characters` : "is not set";
  return {
    id: "missing",
    key: () => {
      throw new UserError(
        `${where}: the customer's email is replaced by a keyed hash (HMAC-SHA256) as it is read, and the key ${pseudonymKeyVariable} ${problem}. ` +
          `Set it to a secret (e.g. export ${pseudonymKeyVariable}=$(openssl rand -hex 32)) kept outside the repository, and keep using the same one: the same key gives the same customer ids on every build`,
      );
    },
  };
}

/** HMAC-SHA256's padded inner and outer keys (RFC 2104), as hex. */
function paddedKeys(key: string): { inner: string; outer: string } {
  let bytes = Buffer.from(key, "utf8");
  if (bytes.length > 64) bytes = createHash("sha256").update(bytes).digest();
  const block = Buffer.alloc(64);
  bytes.copy(block);
  const xor = (pad: number) => Buffer.from(block.map((b) => b ^ pad)).toString("hex");
  return { inner: xor(0x36), outer: xor(0x5c) };
}

/**
 * SQL for the pseudonym of a text value: "c_" and the first 16 hex digits (64 bits) of
 * HMAC-SHA256(key, lower(trim(value))), so Jane@Shop.com and jane@shop.com are one customer; null
 * or empty stays null (a guest). Computed inside the statement that reads the file, so the raw
 * value is never stored.
 */
export function keyedHashSql(value: string, key: string): string {
  const { inner, outer } = paddedKeys(key);
  const text = `lower(trim(CAST(${value} AS VARCHAR)))`;
  const hmac = `sha256(unhex(${literal(outer)}) || unhex(sha256(unhex(${literal(inner)}) || encode(${text}))))`;
  return `CASE WHEN ${text} IS NULL OR ${text} = '' THEN NULL ELSE 'c_' || left(${hmac}, 16) END`;
}
