import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blocksOverlap, formatIpv4, ipv4Block, isPrivateBlock } from './ip.js';

test('IPv4 blocks: a network address with its prefix, host bits zero', () => {
  const cases: [string, { network: string; prefix: number; size: number } | undefined][] = [
    ['10.214.0.0/24', { network: '10.214.0.0', prefix: 24, size: 256 }],
    ['10.213.4.0/22', { network: '10.213.4.0', prefix: 22, size: 1024 }],
    ['0.0.0.0/0', { network: '0.0.0.0', prefix: 0, size: 2 ** 32 }],
    ['255.255.255.255/32', { network: '255.255.255.255', prefix: 32, size: 1 }],
    ['10.214.0.1/24', undefined],
    ['10.214.0.0', undefined],
    ['10.214.0.0/33', undefined],
    ['::/0', undefined],
    ['10.214.0.0/2x', undefined],
    ['1.2.3/8', undefined],
  ];
  for (const [text, want] of cases) {
    const block = ipv4Block(text);
    assert.deepEqual(block && { network: formatIpv4(block.network), prefix: block.prefix, size: block.size }, want, text);
  }
});

test('blocks overlap when they share an address; private blocks lie inside RFC 1918', () => {
  const b = (t: string) => ipv4Block(t)!;
  assert.equal(blocksOverlap(b('10.214.0.0/16'), b('10.214.9.0/24')), true);
  assert.equal(blocksOverlap(b('10.214.0.0/24'), b('10.214.1.0/24')), false);
  assert.equal(blocksOverlap(b('10.213.252.0/22'), b('10.214.0.0/24')), false);
  assert.equal(isPrivateBlock(b('10.214.0.0/24')), true);
  assert.equal(isPrivateBlock(b('172.31.0.0/16')), true);
  assert.equal(isPrivateBlock(b('172.32.0.0/16')), false);
  assert.equal(isPrivateBlock(b('192.168.0.0/15')), false);
  assert.equal(isPrivateBlock(b('8.8.8.0/24')), false);
});
