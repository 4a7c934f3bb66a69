import { describe } from 'node:test';
import { compareDebVersions } from './version-dpkg.js';
import { ascending, invalid, table } from './version-test-support.js';

describe('dpkg version ordering', () => {
  // deb-version(7)'s example: ~~ < ~~a < ~ < (nothing) < a.
  ascending(compareDebVersions, ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a']);
  ascending(compareDebVersions, ['1.0~rc1', '1.0~rc2', '1.0', '1.0-1', '1.0-1+b1', '1.0-2', '1.0a', '1.0+dfsg', '1.0.1', '1:0.1']);
  ascending(compareDebVersions, ['1.2.3-1~bpo11+1', '1.2.3-1', '1.2.3-1+deb12u1', '1.2.3-1+deb12u2', '1.2.3-1+deb12u10']);
  table(compareDebVersions, [
    ['1.0', '<', '2.0'],
    ['2.30', '>', '2.4'],
    ['1:1.0', '>', '2.0'],
    ['2:1.0', '>', '1:9.9'],
    ['0:1.0', '=', '1.0'],
    ['1.0-0', '=', '1.0'],
    ['1.00', '=', '1.0'],
    ['1.0a', '<', '1.0+'],
    ['1.0.1', '>', '1.0+dfsg'],
    ['7.88.1-10+deb12u5', '<', '7.88.1-10+deb12u12'],
    ['3.0.11-1~deb12u2', '<', '3.0.11-1'],
    ['2.36-9+deb12u4', '>', '2.36-9'],
    ['1.2-3-4', '>', '1.2-3'],
    ['1:2.38.1-5+deb12u1', '>', '1:2.38.1-5'],
    ['10', '>', '9'],
    ['1.0A', '<', '1.0a'],
    ['1.0-a', '<', '1.0-b'],
  ]);
  invalid(compareDebVersions, ['', 'abc', 'x:1.0', ':1.0', '1:'], '1.0');
});
