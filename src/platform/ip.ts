/**
 * IPv4 and IPv6 addresses and CIDR ranges: IAM's IpAddress / NotIpAddress operators, and the
 * address blocks of awsvpc networks.
 * A policy value without a prefix is a single address (/32 or /128), as IAM reads it.
 * Parsing is by hand, one pass, so a hostile value costs its length and nothing more.
 */

export interface IpRange {
  v6: boolean;
  /** The address as an integer (32 or 128 bits). */
  value: bigint;
  prefix: number;
}

export function parseCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const bits = address.v6 ? 128 : 32;
  if (slash < 0) return { ...address, prefix: bits };
  const prefix = parseDecimal(text.slice(slash + 1), bits);
  return prefix === undefined ? undefined : { ...address, prefix };
}

export function parseIp(text: string): { v6: boolean; value: bigint } | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { v6: true, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { v6: false, value: BigInt(value) };
}

export function cidrContains(range: IpRange, address: { v6: boolean; value: bigint }): boolean {
  if (range.v6 !== address.v6) return false;
  const shift = BigInt((range.v6 ? 128 : 32) - range.prefix);
  return range.value >> shift === address.value >> shift;
}

function parseDecimal(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 3) return undefined;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n <= max ? n : undefined;
}

function parseIpv4(text: string): number | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0;
  for (const octet of octets) {
    const n = parseDecimal(octet, 255);
    if (n === undefined) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function parseHexGroup(text: string): number | undefined {
  if (text.length === 0 || text.length > 4) return undefined;
  const n = Number.parseInt(text, 16);
  return /^[0-9a-fA-F]+$/.test(text) ? n : undefined;
}

/** Eight 16-bit groups, at most one `::`, optionally ending in a dotted IPv4 address. */
function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const g of [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail]) value = (value << 16n) | BigInt(g);
  return value;
}

/** The 16-bit groups of one side of `::`; a trailing IPv4 address counts as two. */
function groupsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    const g = parseHexGroup(piece);
    if (g === undefined) return undefined;
    groups.push(g);
  }
  return groups;
}

/** An IPv4 block in CIDR form whose host bits are zero, as Docker and the routing table take it. */
export interface Ipv4Block {
  cidr: string;
  /** The network address as an integer. */
  network: number;
  prefix: number;
  /** How many addresses it holds. */
  size: number;
}

export function ipv4Block(text: string): Ipv4Block | undefined {
  if (!text.includes('/')) return undefined;
  const range = parseCidr(text);
  if (!range || range.v6) return undefined;
  const size = 2 ** (32 - range.prefix);
  const network = Number(range.value);
  return network % size === 0 ? { cidr: text, network, prefix: range.prefix, size } : undefined;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

/** RFC 1918: the ranges a private network's blocks come from. */
export function isPrivateBlock(block: Ipv4Block): boolean {
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].some((r) => {
    const range = ipv4Block(r)!;
    return block.network >= range.network && block.network + block.size <= range.network + range.size;
  });
}
