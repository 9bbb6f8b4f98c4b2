/**
 * Whether an address stays on this machine or its local network: loopback,
 * private and link-local ranges (RFC 1918, RFC 6598 shared space as used by
 * Tailscale, RFC 4193 unique-local IPv6), and names that only resolve locally
 * (RFC 6761 `localhost`, RFC 6762 `.local`, RFC 8375 `home.arpa`). Anything
 * else is taken to face the internet: a name we cannot judge is treated as
 * public, the safe side for the simulator refusal in config.ts.
 */
import { BlockList, isIP } from 'node:net';

const LOCAL_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  LOCAL_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  LOCAL_RANGES.addSubnet(network, prefix, 'ipv6');
}

const LOCAL_NAMES = /(^|\.)(localhost|local|home\.arpa|internal|lan)$/;

/** `hostname` as URL.hostname gives it (IPv6 in brackets). */
export function isLocalAddress(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  if (family === 4) return LOCAL_RANGES.check(host, 'ipv4');
  if (family === 6) return LOCAL_RANGES.check(host, 'ipv6');
  return LOCAL_NAMES.test(host);
}
