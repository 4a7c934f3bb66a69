import { describe } from 'node:test';
import { comparePep440 } from './version-pep440.js';
import { ascending, invalid, table } from './version-test-support.js';

// pypa/packaging's sorted VERSIONS list (tests/test_version.py), implicit then explicit epoch.
const BASE = [
  '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456',
  '1.0b2.post345', '1.0b2-346', '1.0c1.dev456', '1.0c1', '1.0rc2', '1.0c3', '1.0', '1.0.post456.dev34', '1.0.post456',
  '1.1.dev1', '1.2+123abc', '1.2+123abc456', '1.2+abc', '1.2+abc123', '1.2+abc123def', '1.2+1234.abc', '1.2+123456',
  '1.2.r32+123456', '1.2.rev33+123456',
];

describe('PEP 440 ordering', () => {
  ascending(comparePep440, [...BASE, ...BASE.map((v) => `1!${v}`)]);
  table(comparePep440, [
    ['1.0', '=', '1.0.0'], ['1.0a1', '=', '1.0alpha1'], ['1.0c1', '=', '1.0rc1'], ['1.0rc1', '=', '1.0pre1'],
    ['1.0-1', '=', '1.0.post1'], ['1.0.post0', '=', '1.0.post'], ['v1.0', '=', '1.0'], ['1.0.DEV1', '=', '1.0.dev1'],
    ['1.0+ubuntu-1', '=', '1.0+ubuntu.1'], ['0!1.0', '=', '1.0'], ['1.0a', '=', '1.0a0'], ['1.0-r4', '=', '1.0.post4'],
    ['2.31.0', '>', '2.30.99'], ['1.26.17', '<', '1.26.18'], ['2.0.0rc1', '<', '2.0.0'], ['1.10', '>', '1.9'],
  ]);
  invalid(comparePep440, ['', 'french toast', '1.0+', '1.0.', '1.0+a+b'], '1.0');
});
