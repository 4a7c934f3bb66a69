/**
 * Private repositories used to be per account (`private/<account>/<name>`), each visible in
 * the ECR API only in the region it was created in. They are now per account and region
 * (`private/<region>/<account>/<name>`). This moves each old record, with everything keyed
 * under it, to the region it was created in, so its ARN and API visibility stay what they
 * were; only its /v2/ name changes when that region is not the default one.
 */
import { Store, Tx } from '../../../state/store.js';
import { childPrefix, KIND, privateRepoId, RepositoryDoc, UploadDoc } from './records.js';
import { DEFAULT_REGISTRY_REGION } from './addressing.js';

const REGIONLESS = /^private\/\d{12}\//;

/** Records keyed `<repo>|<…>`: they move with their repository. */
const CHILD_KINDS = [KIND.image, KIND.tag, KIND.layer];

function move(tx: Tx, from: string, to: string): void {
  for (const kind of CHILD_KINDS) {
    for (const rec of tx.list(kind, { prefix: childPrefix(from) })) {
      tx.put(kind, to + rec.id.slice(from.length), rec.doc);
      tx.delete(kind, rec.id);
    }
  }
  const preview = tx.get(KIND.lifecyclePreview, from);
  if (preview) {
    tx.put(KIND.lifecyclePreview, to, preview.doc);
    tx.delete(KIND.lifecyclePreview, from);
  }
  for (const rec of tx.list<UploadDoc>(KIND.upload)) {
    if (rec.doc.repo === from) tx.put(KIND.upload, rec.id, { ...rec.doc, repo: to });
  }
}

/**
 * Moves regionless repositories into their regions, one transaction per repository so a
 * crash leaves each whole. A repository whose new id is taken (an older Berth run on a
 * migrated data dir created it again) stays where it is: returns those ids.
 */
export function migrateRegionlessRepositories(store: Store): string[] {
  const stuck: string[] = [];
  for (const rec of store.list<RepositoryDoc>(KIND.repository, { prefix: 'private/' })) {
    if (!REGIONLESS.test(rec.id)) continue;
    const region = rec.doc.region || DEFAULT_REGISTRY_REGION;
    const to = privateRepoId(region, rec.doc.registryId, rec.doc.repositoryName);
    store.transact((tx) => {
      if (tx.get(KIND.repository, to)) return void stuck.push(rec.id);
      move(tx, rec.id, to);
      tx.put(KIND.repository, to, { ...rec.doc, region });
      tx.delete(KIND.repository, rec.id);
    });
  }
  return stuck;
}
