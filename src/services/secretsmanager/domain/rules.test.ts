/** The pure rules: names and SecretIds, staging labels, deletion, password options, filters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planDeletion } from './deletion.js';
import { matchesFilters } from './filters.js';
import { arnSuffix, isValidName, parseSecretId, pendingArn, secretArn } from './names.js';
import { characterTypes, PUNCTUATION, randomPassword } from './password.js';
import { labelsOf, moveStage, stagesForNewVersion, versionsToPrune } from './staging.js';

const place = { region: 'us-east-1', accountId: '123456789012' };
const P = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return `${(e as { code: string }).code}: ${(e as Error).message}`;
  }
  return 'ok';
};

describe('secret names and SecretIds', () => {
  it('names: ASCII letters, digits and -/_+=.@!', () => {
    const table: Array<[string, boolean]> = [['MyTestSecret', true], ['prod/db/password', true], ['a_b+c=d.e@f-g!', true], ['Inv Name', false], ['x*?', false], ['naïve', false], ['a:b', false]];
    for (const [name, ok] of table) assert.equal(isValidName(name), ok, name);
  });

  it('a SecretId is a name, a full ARN, or a partial ARN; an ARN ending like a suffix is a full ARN only', () => {
    const table: Array<[string, ReturnType<typeof parseSecretId>]> = [
      ['MyTestSecret', { by: 'name', name: 'MyTestSecret' }],
      [`${P}MyTestSecret-a1B2c3`, { by: 'arn', name: 'MyTestSecret', arn: `${P}MyTestSecret-a1B2c3` }],
      [`${P}MyTestSecret`, { by: 'name', name: 'MyTestSecret' }],
      [`${P}prod/db-pass`, { by: 'name', name: 'prod/db-pass' }],
      [`${P}Valid-Name-a1b2c3-`, { by: 'name', name: 'Valid-Name-a1b2c3-' }],
      [`${P}Name-a1b2c3`, { by: 'arn', name: 'Name', arn: `${P}Name-a1b2c3` }],
      ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-a1b2c3', { by: 'nothing' }],
      ['arn:aws:secretsmanager:us-east-1:999999999999:secret:x', { by: 'nothing' }],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/x', { by: 'nothing' }],
      ['Inv Name', { by: 'invalid' }],
    ];
    for (const [id, ref] of table) assert.deepEqual(parseSecretId(id, place), ref, id);
  });

  it('ARNs: the name, a hyphen and six random letters or digits; pending ones end in -??????', () => {
    const suffix = arnSuffix((max) => max - 1);
    assert.equal(suffix, '999999');
    assert.match(arnSuffix((max) => Math.floor(Math.random() * max)), /^[A-Za-z0-9]{6}$/);
    assert.equal(secretArn(place, 'db', 'AbC123'), `${P}db-AbC123`);
    assert.equal(pendingArn(place, 'db'), `${P}db-??????`);
  });
});

describe('staging labels', () => {
  it('a new version takes AWSCURRENT by default and AWSPREVIOUS follows', () => {
    const table: Array<[Record<string, string>, string[] | undefined, Record<string, string>]> = [
      [{}, undefined, { AWSCURRENT: 'v1' }],
      [{ AWSCURRENT: 'v0' }, undefined, { AWSCURRENT: 'v1', AWSPREVIOUS: 'v0' }],
      [{ AWSCURRENT: 'v0', AWSPREVIOUS: 'old' }, [], { AWSCURRENT: 'v1', AWSPREVIOUS: 'v0' }],
      [{ AWSCURRENT: 'v0' }, ['AWSPENDING'], { AWSCURRENT: 'v0', AWSPENDING: 'v1' }],
      // The first version is AWSCURRENT whatever was asked for.
      [{}, ['AWSPENDING'], { AWSPENDING: 'v1', AWSCURRENT: 'v1' }],
      // A label lives on one version: asking for it moves it.
      [{ AWSCURRENT: 'v0', one: 'v0', two: 'vx' }, ['one', 'two'], { AWSCURRENT: 'v0', one: 'v1', two: 'v1' }],
    ];
    for (const [before, requested, after] of table) assert.deepEqual(stagesForNewVersion(before, 'v1', requested), after, JSON.stringify([before, requested]));
    assert.deepEqual(labelsOf({ AWSCURRENT: 'a', x: 'b', y: 'a' }, 'a'), ['AWSCURRENT', 'y']);
  });

  it('UpdateSecretVersionStage: moves, adds and removes; AWSCURRENT stays on exactly one version', () => {
    const stages = { AWSCURRENT: 'v2', AWSPREVIOUS: 'v1', custom: 'v1' };
    const exists = (id: string) => ['v1', 'v2', 'v3'].includes(id);
    const table: Array<[Parameters<typeof moveStage>[1], Record<string, string> | string]> = [
      [{ label: 'AWSCURRENT', removeFrom: 'v2', moveTo: 'v1' }, { AWSCURRENT: 'v1', AWSPREVIOUS: 'v2', custom: 'v1' }],
      [{ label: 'AWSCURRENT', removeFrom: 'v2', moveTo: 'v3' }, { AWSCURRENT: 'v3', AWSPREVIOUS: 'v2', custom: 'v1' }],
      [{ label: 'new', moveTo: 'v3' }, { ...stages, new: 'v3' }],
      [{ label: 'custom', removeFrom: 'v1' }, { AWSCURRENT: 'v2', AWSPREVIOUS: 'v1' }],
      [{ label: 'custom', removeFrom: 'v1', moveTo: 'v2' }, { AWSCURRENT: 'v2', AWSPREVIOUS: 'v1', custom: 'v2' }],
      [{ label: 'AWSCURRENT', moveTo: 'v1' }, 'InvalidParameterException: The parameter RemoveFromVersionId can\'t be empty. Staging label AWSCURRENT is currently attached to version v2, so you must explicitly reference that version in RemoveFromVersionId.'],
      [{ label: 'AWSCURRENT', removeFrom: 'v2' }, /^InvalidParameterException: You can't remove the staging label AWSCURRENT/.source],
      [{ label: 'custom', removeFrom: 'v2', moveTo: 'v3' }, 'InvalidParameterException: Version stage custom not found in version v2'],
      [{ label: 'x', moveTo: 'nope' }, 'InvalidParameterException: Not a valid version: nope'],
    ];
    for (const [move, expected] of table) {
      const got = codeOf(() => moveStage(stages, move, exists));
      if (typeof expected === 'string') assert.match(got, new RegExp(expected.startsWith('^') ? expected : `^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), JSON.stringify(move));
      else assert.deepEqual(moveStage(stages, move, exists), expected, JSON.stringify(move));
    }
  });

  it('prunes deprecated versions beyond 100, oldest first, never younger than a day', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    const day = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const versions = Array.from({ length: 103 }, (_v, i) => ({ VersionId: `v${i}`, CreatedDate: day(i < 100 ? 5 - i / 100 : 0.5) }));
    const stages = { AWSCURRENT: 'v102', AWSPREVIOUS: 'v0' };
    // v0 is labeled; v1, v2, v3 are the oldest deprecated ones.
    assert.deepEqual(versionsToPrune(versions, stages, now), ['v1', 'v2', 'v3']);
    assert.deepEqual(versionsToPrune(versions.slice(0, 100), stages, now), []);
    const young = versions.map((v) => ({ ...v, CreatedDate: day(0.5) }));
    assert.deepEqual(versionsToPrune(young, stages, now), []);
  });
});

describe('deletion', () => {
  it('recovery windows of 7 to 30 days (30 by default), or at once', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const table: Array<[object, object, string]> = [
      [{}, {}, 'scheduled 2026-01-31T00:00:00.000Z'],
      [{}, { RecoveryWindowInDays: 7 }, 'scheduled 2026-01-08T00:00:00.000Z'],
      [{}, { ForceDeleteWithoutRecovery: true }, 'now 2026-01-01T00:00:00.000Z'],
      [{ DeletedDate: 'x' }, { ForceDeleteWithoutRecovery: true }, 'now 2026-01-01T00:00:00.000Z'],
      [{}, { RecoveryWindowInDays: 6 }, 'InvalidParameterException: The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'],
      [{}, { RecoveryWindowInDays: 31 }, 'InvalidParameterException: The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'],
      [{}, { RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }, "InvalidParameterException: You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."],
      [{ DeletedDate: 'x' }, {}, "InvalidRequestException: You tried to perform the operation on a secret that's currently marked deleted."],
    ];
    for (const [secret, request, expected] of table) {
      let got: string;
      try {
        const plan = planDeletion(secret, request, now);
        got = `${plan.kind} ${plan.at.toISOString()}`;
      } catch (e) {
        got = `${(e as { code: string }).code}: ${(e as Error).message}`;
      }
      assert.equal(got, expected, JSON.stringify([secret, request]));
    }
  });
});

describe('GetRandomPassword', () => {
  const random = (max: number) => Math.floor(Math.random() * max);

  it('32 characters of every type by default, at least one of each', () => {
    for (let i = 0; i < 50; i++) {
      const p = randomPassword({}, random);
      assert.equal(p.length, 32);
      for (const type of characterTypes({})) assert.ok([...p].some((c) => type.includes(c)), `${p} lacks one of ${type}`);
    }
  });

  it('options: exclusions, the space, length, and types required or not', () => {
    const only = (p: string, allowed: RegExp) => [...p].every((c) => allowed.test(c));
    const table: Array<[object, (p: string) => boolean]> = [
      [{ ExcludePunctuation: true, PasswordLength: 64 }, (p) => p.length === 64 && only(p, /[A-Za-z0-9]/)],
      [{ ExcludeNumbers: true, ExcludePunctuation: true, ExcludeUppercase: true }, (p) => only(p, /[a-z]/)],
      [{ ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }, (p) => only(p, /[0-9]/)],
      [{ ExcludeCharacters: 'abcdefghijklmnopqrstuvwxyz0123456789', ExcludePunctuation: true }, (p) => only(p, /[A-Z]/)],
      [{ IncludeSpace: true, ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true, PasswordLength: 3 }, (p) => p === '   '],
      [{ IncludeSpace: true, PasswordLength: 5 }, (p) => p.includes(' ') && p.length === 5],
      [{ PasswordLength: 1, RequireEachIncludedType: false }, (p) => p.length === 1],
      [{ ExcludeCharacters: PUNCTUATION, PasswordLength: 3 }, (p) => only(p, /[A-Za-z0-9]/)],
    ];
    for (const [options, check] of table) {
      const p = randomPassword(options, random);
      assert.ok(check(p), `${JSON.stringify(options)} gave ${JSON.stringify(p)}`);
    }
  });

  it('refuses what cannot be generated', () => {
    assert.equal(codeOf(() => randomPassword({ PasswordLength: 3 }, random)), 'InvalidParameterException: Password length is too short based on the required types.');
    const none = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true };
    assert.match(codeOf(() => randomPassword(none, random)), /^InvalidParameterException: /);
  });
});

describe('ListSecrets filters', () => {
  const doc = { Name: 'MyTestSecret', Description: 'Database password for prod', Tags: [{ Key: 'team', Value: 'Payments' }], region: 'us-east-1' };
  it('prefixes of the text or its words; case-sensitive except description and all; ! negates', () => {
    const table: Array<[string, string[], boolean]> = [
      ['name', ['My'], true],
      ['name', ['Test'], true],
      ['name', ['test'], false],
      ['name', ['Secretx'], false],
      ['name', ['!Other'], true],
      ['name', ['!My'], false],
      ['name', ['nope', 'MyTest'], true],
      ['description', ['data'], true],
      ['description', ['PROD'], true],
      ['description', ['password prod'], true],
      ['tag-key', ['te'], true],
      ['tag-key', ['Te'], false],
      ['tag-value', ['Pay'], true],
      ['all', ['payments'], true],
      ['all', ['mytest'], true],
      ['all', ['zzz'], false],
      ['owning-service', ['rds'], false],
    ];
    for (const [Key, Values, expected] of table) assert.equal(matchesFilters([{ Key, Values }], doc), expected, `${Key} ${Values}`);
    assert.equal(matchesFilters([{ Key: 'name', Values: ['My'] }, { Key: 'tag-key', Values: ['x'] }], doc), false);
    assert.equal(matchesFilters(undefined, doc), true);
  });
});
