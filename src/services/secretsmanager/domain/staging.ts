/**
 * Staging labels: each label is attached to at most one version of a secret; AWSCURRENT is
 * always on exactly one once the secret has a value; moving AWSCURRENT away from a version
 * puts AWSPREVIOUS on that version. A version without labels is deprecated, and deprecated
 * versions are removed once a secret has more than 100 versions, never ones younger than
 * a day (as AWS does). Pure functions over the secret's label map (label → version id).
 */
import { smErrors } from './errors.js';

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

export type Stages = Readonly<Record<string, string>>;

/** Attaches `label` to `versionId`, moving AWSPREVIOUS along when AWSCURRENT moves. */
function attach(stages: Record<string, string>, label: string, versionId: string): void {
  const from = stages[label];
  if (from === versionId) return;
  stages[label] = versionId;
  if (label === CURRENT && from !== undefined) stages[PREVIOUS] = from;
}

/**
 * The labels after a new version: the requested ones (AWSCURRENT when none are), plus
 * AWSCURRENT when the secret had no value before, as PutSecretValue documents.
 */
export function stagesForNewVersion(stages: Stages, versionId: string, requested?: readonly string[]): Record<string, string> {
  const next = { ...stages };
  const labels = requested && requested.length > 0 ? requested : [CURRENT];
  for (const label of labels) attach(next, label, versionId);
  if (next[CURRENT] === undefined) next[CURRENT] = versionId;
  return next;
}

/** The labels on one version, in the order they were attached. */
export function labelsOf(stages: Stages, versionId: string): string[] {
  return Object.entries(stages).filter(([, id]) => id === versionId).map(([label]) => label);
}

export interface StageMove {
  label: string;
  removeFrom?: string;
  moveTo?: string;
}

/**
 * UpdateSecretVersionStage: moves (or adds, or removes) one label. A label already on
 * another version can only move when RemoveFromVersionId names that version; AWSCURRENT
 * can move but never be removed outright.
 */
export function moveStage(stages: Stages, move: StageMove, versionExists: (id: string) => boolean): Record<string, string> {
  const { label, removeFrom, moveTo } = move;
  for (const id of [removeFrom, moveTo]) {
    if (id !== undefined && !versionExists(id)) throw smErrors.invalidParameter(`Not a valid version: ${id}`);
  }
  const holder = stages[label];
  if (removeFrom !== undefined && holder !== removeFrom) {
    throw smErrors.invalidParameter(`Version stage ${label} not found in version ${removeFrom}`);
  }
  if (moveTo !== undefined && holder !== undefined && holder !== moveTo && removeFrom === undefined) {
    throw smErrors.invalidParameter(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  if (moveTo === undefined && label === CURRENT) {
    throw smErrors.invalidParameter(`You can't remove the staging label ${CURRENT} from version ${removeFrom ?? holder}. Move it to another version with MoveToVersionId instead.`);
  }
  const next = { ...stages };
  if (moveTo === undefined) delete next[label];
  else attach(next, label, moveTo);
  return next;
}

export const MAX_VERSIONS = 100;
export const PRUNE_MIN_AGE_MS = 24 * 3600_000;

/**
 * The deprecated versions to remove once a secret has more than 100: oldest first, and
 * only those older than a day, so a burst of writes can leave more than 100 for a while.
 */
export function versionsToPrune(versions: readonly { VersionId: string; CreatedDate: string }[], stages: Stages, now: Date): string[] {
  const excess = versions.length - MAX_VERSIONS;
  if (excess <= 0) return [];
  const labeled = new Set(Object.values(stages));
  const cutoff = now.getTime() - PRUNE_MIN_AGE_MS;
  return versions
    .filter((v) => !labeled.has(v.VersionId) && Date.parse(v.CreatedDate) <= cutoff)
    .sort((a, b) => a.CreatedDate.localeCompare(b.CreatedDate))
    .slice(0, excess)
    .map((v) => v.VersionId);
}
