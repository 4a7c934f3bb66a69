/**
 * Identifiers remembered from successful replies (ARNs, names, ids), offered back when an
 * input member of a similar name is generated: random names would almost never reach an
 * existing resource, so updates, deletes and describes would only ever see "not found".
 */
import { Random } from './random.js';

const PER_KEY = 32;
// Not a member name (they have no spaces): every ARN a service answered with.
const ANY_ARN = 'any arn';
const LONGEST = 512;

/** clusterArn, clusterName and cluster all become "cluster"; KeyId and KeyArn "key". */
function poolKey(member: string): string {
  return member.toLowerCase().replace(/(arn|name|id|identifier)s?$/, '');
}

export class IdentifierPool {
  private readonly values = new Map<string, string[]>();

  constructor(private readonly rnd: Random) {}

  /** Remembers every short string of a JSON reply, or every leaf element of an XML one. */
  learn(service: string, body: string): void {
    const text = body.trimStart();
    if (text.startsWith('{')) {
      try {
        this.walk(service, JSON.parse(text), '');
      } catch {
        return;
      }
      return;
    }
    for (const m of text.matchAll(/<([A-Za-z]+)>([^<]{1,512})<\/\1>/g)) this.add(service, m[1], m[2].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }

  private walk(service: string, value: unknown, key: string): void {
    if (typeof value === 'string') return this.add(service, key, value);
    if (Array.isArray(value)) return value.forEach((v) => this.walk(service, v, key));
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.walk(service, v, k);
  }

  private add(service: string, member: string, value: string): void {
    if (!member || value.length === 0 || value.length > LONGEST) return;
    this.keep(`${service} ${poolKey(member)}`, value);
    if (value.startsWith('arn:')) this.keep(`${service} ${ANY_ARN}`, value);
  }

  private keep(key: string, value: string): void {
    const list = this.values.get(key) ?? [];
    if (list.includes(value)) return;
    if (list.length < PER_KEY) list.push(value);
    else list[this.rnd.int(0, PER_KEY - 1)] = value;
    this.values.set(key, list);
  }

  /**
   * Remembered values for `member` of `service`, most of the time: one of its own name, then
   * (for members whose own values do not fit, or that have none: resourceArn, SecretId) one
   * of any ARN of the service and one of its plain Name/Arn/Id values.
   */
  offer(service: string, member: string, rnd: Random): string[] {
    if (!rnd.chance(0.6)) return [];
    const keys = [poolKey(member), ...(/arn$|resource/i.test(member) ? [ANY_ARN] : []), ''];
    return keys.flatMap((k) => {
      const list = this.values.get(`${service} ${k}`);
      return list ? [rnd.pick(list)] : [];
    });
  }
}
