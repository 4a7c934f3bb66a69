/**
 * Parameter labels (LabelParameterVersion's rules): up to 100 letters, digits, `.`, `-` and
 * `_`, not beginning with a digit, `aws` or `ssm` (any case); a label that breaks them is
 * answered in InvalidLabels and attached nowhere. A label names one version of a
 * parameter: attaching it to another moves it. A version holds at most 10.
 */
import { ssmErrors } from './errors.js';
import { MAX_LABELS_PER_VERSION } from './limits.js';

const LABEL = /^[a-zA-Z0-9_.-]{1,100}$/;

export function isValidLabel(label: string): boolean {
  return LABEL.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}

export interface Labelled { Version: number; Labels: string[] }

export interface LabelPlan {
  invalid: string[];
  /** The versions whose labels change, with their new labels. */
  changes: Map<number, string[]>;
}

/** Attaching `requested` to version `target`, moving them off any other version. */
export function planLabels(versions: Labelled[], target: number, requested: string[]): LabelPlan {
  const invalid = requested.filter((l) => !isValidLabel(l));
  const attach = [...new Set(requested.filter(isValidLabel))];
  const changes = new Map<number, string[]>();
  for (const v of versions) {
    const current = v.Labels;
    const next = v.Version === target ? [...current, ...attach.filter((l) => !current.includes(l))] : current.filter((l) => !attach.includes(l));
    if (next.length !== current.length || next.some((l, i) => l !== current[i])) changes.set(v.Version, next);
  }
  if ((changes.get(target) ?? []).length > MAX_LABELS_PER_VERSION) throw ssmErrors.labelLimit();
  return { invalid, changes };
}

/** Removing `requested` from a version's labels: those it had are removed, the rest invalid. */
export function planUnlabel(labels: string[], requested: string[]): { kept: string[]; removed: string[]; invalid: string[] } {
  const unique = [...new Set(requested)];
  return {
    kept: labels.filter((l) => !unique.includes(l)),
    removed: unique.filter((l) => labels.includes(l)),
    invalid: unique.filter((l) => !labels.includes(l)),
  };
}
