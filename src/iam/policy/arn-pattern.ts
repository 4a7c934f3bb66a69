/**
 * ARN matching as IAM does it for the Resource element and the Arn* condition operators:
 * each of the six colon-separated segments (`arn:partition:service:region:account:resource`)
 * is matched on its own, so a `*` in the region never swallows the account. The resource
 * segment is everything after the fifth colon, colons included.
 */
import { compileTemplate, Lookup, matchUnits, resolveTemplate, Subject, Template } from './pattern.js';

const SEGMENTS = 6;

export interface ArnPattern {
  /** `"*"` alone: every resource, including the `*` of actions without resource types. */
  any: boolean;
  segments: Template[];
}

/**
 * Splits at the first `max - 1` colons. A pattern written with fewer segments
 * (`arn:aws:ecs:*`) keeps them: its last segment is then matched against the rest of the
 * ARN, colons included. AWS does not document such patterns; this reading is the one a
 * writer means, and it treats an Allow and a Deny alike.
 */
function splitArn(text: string, max = SEGMENTS): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < max - 1) {
    const colon = text.indexOf(':', from);
    if (colon < 0) break;
    out.push(text.slice(from, colon));
    from = colon + 1;
  }
  out.push(text.slice(from));
  return out;
}

/** Variables are resolved only in the resource segment, as AWS documents. */
export function compileArnPattern(source: string, variables: boolean): ArnPattern {
  if (source === '*') return { any: true, segments: [] };
  const parts = splitArn(source);
  const segments = parts.map((part, i) => compileTemplate(part, { wildcards: true, variables: variables && i === SEGMENTS - 1 }));
  return { any: false, segments };
}

/** A request's ARN, split once and matched against many patterns. */
export class ArnSubject {
  private readonly parts: string[];
  private readonly subjects: Subject[];
  constructor(readonly text: string) {
    this.parts = splitArn(text);
    this.subjects = this.parts.map((p) => new Subject(p));
  }

  /** The segment at `index` for a pattern of `count` segments: the last one takes the rest. */
  segment(index: number, count: number): Subject | undefined {
    if (index >= this.parts.length) return undefined;
    if (index < count - 1 || count === this.parts.length) return this.subjects[index];
    return new Subject(this.parts.slice(index).join(':'));
  }

  get segmentCount(): number {
    return this.parts.length;
  }
}

export function matchArn(pattern: ArnPattern, subject: ArnSubject, lookup: Lookup): boolean {
  if (pattern.any) return true;
  const count = pattern.segments.length;
  if (count > subject.segmentCount) return false;
  for (let i = 0; i < count; i++) {
    const segment = subject.segment(i, count);
    if (!segment) return false;
    const template = pattern.segments[i];
    if (template.literal !== undefined) {
      if (template.literal !== segment.text) return false;
      continue;
    }
    const units = resolveTemplate(template, lookup);
    if (!units || !matchUnits(units, segment.units)) return false;
  }
  return true;
}
