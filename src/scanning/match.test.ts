import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ecosystemApplies, isAffected } from './match.js';
import { assess, OsvEvent, OsvRecord, packageKey, toStoredAdvisory } from './osv.js';

const eco = (events: OsvEvent[], versions?: string[]) => ({ ranges: [{ type: 'ECOSYSTEM', events }], ...(versions ? { versions } : {}) });

describe('isAffected (OSV evaluation)', () => {
  const rows: [string, 'Debian' | 'Alpine' | 'npm' | 'PyPI', string, ReturnType<typeof eco>, boolean][] = [
    ['introduced 0 only: everything', 'Debian', '1.0-1', eco([{ introduced: '0' }]), true],
    ['below fixed', 'Debian', '3.0.9-1', eco([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }]), true],
    ['at fixed', 'Debian', '3.0.11-1~deb12u2', eco([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }]), false],
    ['tilde sorts before the release', 'Debian', '3.0.11-1~deb12u1', eco([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }]), true],
    ['before introduced', 'npm', '1.0.0', eco([{ introduced: '1.2.0' }, { fixed: '1.3.0' }]), false],
    ['at introduced', 'npm', '1.2.0', eco([{ introduced: '1.2.0' }, { fixed: '1.3.0' }]), true],
    ['between two ranges', 'npm', '1.5.0', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }]), false],
    ['in the second range', 'npm', '2.0.5', eco([{ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }]), true],
    ['events out of order in the record', 'npm', '2.0.5', eco([{ fixed: '2.1.0' }, { introduced: '2.0.0' }, { fixed: '1.2.0' }, { introduced: '1.0.0' }]), true],
    ['prerelease before fixed', 'npm', '2.1.0-rc.1', eco([{ introduced: '0' }, { fixed: '2.1.0' }]), true],
    ['at last_affected', 'PyPI', '2.0', eco([{ introduced: '1.0' }, { last_affected: '2.0' }]), true],
    ['after last_affected', 'PyPI', '2.0.post1', eco([{ introduced: '1.0' }, { last_affected: '2.0' }]), false],
    ['PEP 440 pre-release below fixed', 'PyPI', '5.4b1', eco([{ introduced: '0' }, { fixed: '5.4' }]), true],
    ['listed version only', 'PyPI', '2.25.0', eco([], ['2.25.0']), true],
    ['listed version, equal after normalisation', 'PyPI', '2.25.0.0', eco([], ['2.25']), true],
    ['not listed', 'PyPI', '2.26.0', eco([], ['2.25.0']), false],
    ['apk revision below fixed', 'Alpine', '3.1.4-r0', eco([{ introduced: '0' }, { fixed: '3.1.4-r1' }]), true],
    ['apk post-release above fixed', 'Alpine', '1.2.4_git20230717-r0', eco([{ introduced: '0' }, { fixed: '1.2.4-r1' }]), false],
    ['limit caps the range', 'npm', '3.0.0', eco([{ introduced: '0' }, { limit: '2.0.0' }]), false],
    ['unparsable installed version', 'npm', 'not-a-version', eco([{ introduced: '0' }]), false],
    ['unparsable event version', 'npm', '1.0.0', eco([{ introduced: 'garbage' }]), false],
  ];
  for (const [name, ecosystem, version, affected, expected] of rows) {
    it(`${name}: ${ecosystem} ${version} → ${expected}`, () => assert.equal(isAffected(ecosystem, version, affected), expected));
  }

  it('SEMVER ranges use semver ordering whatever the ecosystem', () => {
    assert.equal(isAffected('PyPI', '1.0.0-rc.1', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }), true);
  });

  it('GIT ranges are not version ranges', () => {
    assert.equal(isAffected('npm', '1.0.0', { ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }), false);
  });
});

describe('ecosystemApplies', () => {
  const rows: [string, 'Debian' | 'Alpine' | 'npm' | 'PyPI', string | undefined, boolean][] = [
    ['Debian:12', 'Debian', '12', true], ['Debian:11', 'Debian', '12', false], ['Debian', 'Debian', '12', true],
    ['Debian:12', 'Debian', undefined, false], ['Alpine:v3.18', 'Alpine', 'v3.18', true], ['Alpine:v3.17', 'Alpine', 'v3.18', false],
    ['npm', 'npm', undefined, true], ['PyPI', 'npm', undefined, false], ['Ubuntu:22.04', 'Debian', '12', false],
  ];
  for (const [advisory, ecosystem, release, expected] of rows) {
    it(`${advisory} for ${ecosystem} ${release ?? '(no release)'} → ${expected}`, () => assert.equal(ecosystemApplies(advisory, ecosystem, release), expected));
  }
});

describe('severity and naming of advisories', () => {
  const base: OsvRecord = { id: 'GHSA-xxxx', aliases: ['CVE-2099-9999'], affected: [] };
  const v3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
  const rows: [string, OsvRecord, object, string][] = [
    ['GHSA MODERATE is MEDIUM', { ...base, database_specific: { severity: 'MODERATE' }, severity: [v3] }, {}, 'MEDIUM'],
    ['per-affected database severity wins', { ...base, database_specific: { severity: 'LOW' } }, { database_specific: { severity: 'HIGH' } }, 'HIGH'],
    ['Debian urgency with a marker', base, { ecosystem_specific: { urgency: 'low*' } }, 'LOW'],
    ['Debian "not yet assigned" falls back to CVSS', { ...base, severity: [v3] }, { ecosystem_specific: { urgency: 'not yet assigned' } }, 'CRITICAL'],
    ['Ubuntu priority entry', { ...base, severity: [{ type: 'Ubuntu', score: 'negligible' }] }, {}, 'INFORMATIONAL'],
    ['CVSS v2 only', { ...base, severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' }] }, {}, 'HIGH'],
    ['CVSS v4 only: not computed', { ...base, severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }] }, {}, 'UNDEFINED'],
    ['nothing', base, {}, 'UNDEFINED'],
  ];
  for (const [name, record, affected, severity] of rows) it(name, () => assert.equal(assess(record, affected).severity, severity));

  it('names a finding by its CVE alias, else by its id', () => {
    assert.equal(toStoredAdvisory(base).name, 'CVE-2099-9999');
    assert.equal(toStoredAdvisory({ ...base, aliases: [] }).name, 'GHSA-xxxx');
    assert.equal(toStoredAdvisory({ ...base, id: 'CVE-2099-1' }).name, 'CVE-2099-1');
    assert.equal(toStoredAdvisory({ ...base, id: 'DEBIAN-CVE-2099-12345', aliases: [] }).name, 'CVE-2099-12345');
    assert.equal(toStoredAdvisory({ ...base, id: 'DSA-9999-1', aliases: [], upstream: ['CVE-2099-7'] }).name, 'CVE-2099-7');
    assert.equal(toStoredAdvisory(base).uri, 'https://osv.dev/vulnerability/GHSA-xxxx');
  });

  it('normalises PyPI names as PEP 503 does', () => {
    assert.equal(packageKey('PyPI', 'Zope.Interface__x'), 'zope-interface-x');
    assert.equal(packageKey('npm', 'Foo_Bar'), 'Foo_Bar');
  });
});
