// Generates src/protocol/models/<service>.json from botocore's service models.
// The models are pinned: the generator refuses a botocore version other than PINNED
// unless run with --update, so every checkout serves the same wire shapes.
// Usage: node scripts/gen-models.mjs [--update] [--botocore-data DIR]
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const PINNED = '1.43.11';
// output file name → botocore service folder
const SERVICES = { ecs: 'ecs', ecr: 'ecr', 'ecr-public': 'ecr-public', elbv2: 'elbv2', sts: 'sts', iam: 'iam', kms: 'kms', ssm: 'ssm', secretsmanager: 'secretsmanager', acm: 'acm', cloudwatch: 'cloudwatch', logs: 'logs', 'application-autoscaling': 'application-autoscaling' };
// Shape and member keys the protocol layer needs; documentation is dropped.
const SHAPE_KEYS = ['type', 'required', 'members', 'member', 'key', 'value', 'enum', 'min', 'max', 'pattern',
  'exception', 'fault', 'error', 'sensitive', 'timestampFormat', 'document', 'flattened', 'xmlNamespace', 'union'];
const MEMBER_KEYS = ['shape', 'location', 'locationName', 'queryName', 'jsonvalue', 'idempotencyToken',
  'timestampFormat', 'flattened', 'xmlAttribute', 'hostLabel', 'eventpayload', 'streaming'];

function botocoreDir() {
  const i = process.argv.indexOf('--botocore-data');
  if (i > 0) return { dir: process.argv[i + 1], version: process.argv.includes('--update') ? 'unknown' : PINNED };
  const out = execFileSync('python3', ['-c', 'import botocore,os;print(botocore.__version__);print(os.path.dirname(botocore.__file__))']).toString().trim().split('\n');
  return { version: out[0], dir: join(out[1], 'data') };
}

function readModel(dir, service) {
  const versions = readdirSync(join(dir, service)).sort();
  const base = join(dir, service, versions[versions.length - 1]);
  const plain = join(base, 'service-2.json');
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(plain + '.gz')).toString('utf8'));
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function compact(model, version) {
  const shapes = {};
  for (const [name, shape] of Object.entries(model.shapes)) {
    const s = pick(shape, SHAPE_KEYS);
    if (s.members) s.members = Object.fromEntries(Object.entries(s.members).map(([m, ref]) => [m, pick(ref, MEMBER_KEYS)]));
    for (const k of ['member', 'key', 'value']) if (s[k]) s[k] = pick(s[k], MEMBER_KEYS);
    shapes[name] = s;
  }
  const operations = {};
  for (const [name, op] of Object.entries(model.operations)) {
    operations[name] = {
      http: op.http,
      input: op.input?.shape,
      output: op.output?.shape,
      errors: (op.errors ?? []).map((e) => e.shape),
    };
  }
  const m = model.metadata;
  return {
    source: `botocore ${version}`,
    metadata: pick(m, ['apiVersion', 'endpointPrefix', 'jsonVersion', 'protocol', 'protocols', 'serviceId', 'signingName', 'targetPrefix', 'xmlNamespace']),
    operations,
    shapes,
  };
}

const { dir, version } = botocoreDir();
if (version !== PINNED && !process.argv.includes('--update')) {
  console.error(`botocore ${version} found, models are pinned to ${PINNED}; pass --update to move the pin deliberately`);
  process.exit(1);
}
for (const [file, service] of Object.entries(SERVICES)) {
  const out = compact(readModel(dir, service), version);
  writeFileSync(`src/protocol/models/${file}.json`, JSON.stringify(out) + '\n');
  console.log(`src/protocol/models/${file}.json: ${Object.keys(out.operations).length} operations, ${Object.keys(out.shapes).length} shapes`);
}
