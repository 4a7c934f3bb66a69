/** Reading and removing parameters and their versions in the Store (see records.ts for the layout). */
import { Scope } from '../../../platform/aws/scope.js';
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { ssmErrors } from './errors.js';
import { parseReference, selectorVersion } from './names.js';
import { KIND, parameterId, ParameterDoc, VersionDoc, versionId, versionPrefix } from './records.js';

export function findParameter(tx: ReadTx, scope: Scope, name: string): StoredRecord<ParameterDoc> | undefined {
  return tx.get<ParameterDoc>(KIND.parameter, parameterId(scope, name));
}

/** The parameter a name or ARN names (a selector names a version: not accepted here). */
export function findNamed(tx: ReadTx, scope: Scope, nameOrArn: string): ParameterDoc | undefined {
  const ref = parseReference(nameOrArn, scope);
  return ref && ref.selector === undefined ? findParameter(tx, scope, ref.name)?.doc : undefined;
}

/** All kept versions, oldest first (at most 100). */
export function versionsOf(tx: ReadTx, scope: Scope, name: string): StoredRecord<VersionDoc>[] {
  return tx.list<VersionDoc>(KIND.version, { prefix: versionPrefix(scope, name) });
}

export function getVersion(tx: ReadTx, scope: Scope, name: string, version: number): VersionDoc | undefined {
  return tx.get<VersionDoc>(KIND.version, versionId(scope, name, version))?.doc;
}

/**
 * The version a selector picks: none → the latest, digits → that version, else the version
 * carrying that label. ParameterVersionNotFound when there is none.
 */
export function selectVersion(tx: ReadTx, scope: Scope, param: ParameterDoc, selector: string | undefined): VersionDoc {
  const number = selector === undefined ? param.Version : selectorVersion(selector);
  const found = number !== undefined ? getVersion(tx, scope, param.Name, number) : versionsOf(tx, scope, param.Name).find((v) => v.doc.Labels.includes(selector!))?.doc;
  if (!found) throw ssmErrors.versionNotFound(param.Name, selector ?? param.Version);
  return found;
}

export interface Resolved {
  parameter: ParameterDoc;
  version: VersionDoc;
  /** As AWS echoes it: `:2` or `:prod`. */
  selector?: string;
}

/** A reference (name or ARN, with a selector) → its parameter and version; ParameterNotFound when it names none. */
export function resolveReference(tx: ReadTx, scope: Scope, ref: string): Resolved {
  const parsed = parseReference(ref, scope);
  const parameter = parsed && findParameter(tx, scope, parsed.name)?.doc;
  if (!parsed || !parameter) throw ssmErrors.parameterNotFound();
  const version = selectVersion(tx, scope, parameter, parsed.selector);
  return { parameter, version, ...(parsed.selector !== undefined ? { selector: `:${parsed.selector}` } : {}) };
}

/** Removes a parameter with every version; false when there was none. */
export function deleteParameter(tx: Tx, scope: Scope, name: string): boolean {
  for (const v of versionsOf(tx, scope, name)) tx.delete(KIND.version, v.id);
  return tx.delete(KIND.parameter, parameterId(scope, name));
}
