/**
 * IAM identifiers: unique ids (`AIDA` users, `AROA` roles, `ANPA` policies, `AGPA` groups,
 * `AIPA` instance profiles, then 17 upper-case letters and digits), access key ids (`AKIA`
 * long-term, `ASIA` temporary, then 16 base-32 characters), secrets and session tokens.
 * The randomness is injected so tests can pin it.
 */
import { randomBytes as nodeRandomBytes, randomInt as nodeRandomInt } from 'node:crypto';

export interface Randomness {
  /** An integer in [0, max). */
  int(max: number): number;
  bytes(n: number): Buffer;
}

export const cryptoRandom: Randomness = { int: (max) => nodeRandomInt(max), bytes: (n) => nodeRandomBytes(n) };

export const ID_PREFIX = { user: 'AIDA', role: 'AROA', policy: 'ANPA', group: 'AGPA', instanceProfile: 'AIPA' } as const;
export type IdKind = keyof typeof ID_PREFIX;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function draw(alphabet: string, length: number, random: Randomness): string {
  let out = '';
  while (out.length < length) out += alphabet[random.int(alphabet.length)];
  return out;
}

/** `AIDA…`, `AROA…`: 21 characters, as AWS's unique ids. */
export function uniqueId(kind: IdKind, random: Randomness = cryptoRandom): string {
  return ID_PREFIX[kind] + draw(ALNUM, 17, random);
}

/** `AKIA…` (an IAM user's key) or `ASIA…` (temporary credentials): 20 characters. */
export function accessKeyId(kind: 'AKIA' | 'ASIA', random: Randomness = cryptoRandom): string {
  return kind + draw(BASE32, 16, random);
}

/** 40 characters of base64's alphabet, as AWS's secret access keys. */
export function secretAccessKey(random: Randomness = cryptoRandom): string {
  return random.bytes(30).toString('base64').slice(0, 40);
}

/** An opaque token shaped like STS's (base64, a few hundred characters). */
export function sessionToken(random: Randomness = cryptoRandom): string {
  return 'IQoJb3JpZ2luX2Vj' + random.bytes(240).toString('base64');
}

/** `task/aws-service-role/<service>/<role>/<uuid>`, as DeleteServiceLinkedRole answers. */
export function deletionTaskId(path: string, roleName: string, random: Randomness = cryptoRandom): string {
  const hex = random.bytes(16).toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return `task${path}${roleName}/${uuid}`;
}
