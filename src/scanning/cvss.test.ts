import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cvss2BaseScore, cvss2Severity, cvss3BaseScore, cvss3Severity } from './cvss.js';

describe('CVSS v3 base score', () => {
  const rows: [string, number | undefined][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', undefined],
    ['CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', undefined],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', undefined],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', undefined],
  ];
  for (const [vector, score] of rows) it(`${vector} → ${score}`, () => assert.equal(cvss3BaseScore(vector), score));
});

describe('CVSS v2 base score', () => {
  const rows: [string, number | undefined][] = [
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3],
    ['(AV:N/AC:L/Au:N/C:N/I:N/A:N)', 0],
    ['AV:N/AC:L/Au:N/C:P', undefined],
  ];
  for (const [vector, score] of rows) it(`${vector} → ${score}`, () => assert.equal(cvss2BaseScore(vector), score));
});

describe('severity buckets', () => {
  const v3: [number, string][] = [[0, 'INFORMATIONAL'], [0.1, 'LOW'], [3.9, 'LOW'], [4, 'MEDIUM'], [6.9, 'MEDIUM'], [7, 'HIGH'], [8.9, 'HIGH'], [9, 'CRITICAL'], [10, 'CRITICAL']];
  for (const [score, severity] of v3) it(`v3 ${score} → ${severity}`, () => assert.equal(cvss3Severity(score), severity));
  const v2: [number, string][] = [[0, 'LOW'], [3.9, 'LOW'], [4, 'MEDIUM'], [7, 'HIGH'], [10, 'HIGH']];
  for (const [score, severity] of v2) it(`v2 ${score} → ${severity}`, () => assert.equal(cvss2Severity(score), severity));
});
