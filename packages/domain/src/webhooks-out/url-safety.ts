/**
 * Where an outgoing webhook may go: public addresses only. A URL naming a loopback, private, link-local, CGNAT,
 * multicast or reserved IP literal, or a host that is local or a cloud metadata service by name, is refused, at
 * subscription time and again before every send. DNS names are not resolved here (a name that later resolves to a
 * private address is outside this check; Cloudflare's outbound fetch does not reach private networks anyway).
 *
 * `allowLocalHttp` (local development and tests only: the workers app's MEDIA_PROVIDER=local, the webapp's local
 * mail) additionally admits plain http to 127.0.0.1 and localhost, and nothing else.
 */
export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

const BLOCKED_HOSTS = new Set(["localhost", "metadata.google.internal", "metadata", "metadata.azure.com", "instance-data"]);
const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

export function checkOutboundUrl(raw: string, options: { allowLocalHttp?: boolean } = {}): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "Enter a full URL, such as https://example.com/hooks" };
  }
  if (url.username || url.password) return { ok: false, reason: "A webhook URL may not carry a user name or password" };
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const local = host === "127.0.0.1" || host === "localhost";
  if (options.allowLocalHttp && local && (url.protocol === "http:" || url.protocol === "https:")) return { ok: true, url };
  if (url.protocol !== "https:") return { ok: false, reason: "Use an https:// URL" };
  if (url.port && url.port !== "443" && !/^\d+$/.test(url.port)) return { ok: false, reason: "The port is not valid" };
  if (BLOCKED_HOSTS.has(host) || BLOCKED_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return { ok: false, reason: "This host is not public: use an address on the internet" };
  }
  if (host.startsWith("[")) {
    if (!publicIpv6(host.slice(1, -1))) return { ok: false, reason: "This address is not public: use an address on the internet" };
    return { ok: true, url };
  }
  const v4 = ipv4(host);
  if (v4) {
    if (!publicIpv4(v4)) return { ok: false, reason: "This address is not public: use an address on the internet" };
    return { ok: true, url };
  }
  if (!host.includes(".")) return { ok: false, reason: "Use a full public host name, such as hooks.example.com" };
  return { ok: true, url };
}

function ipv4(host: string): number[] | null {
  // The URL parser has already turned every IPv4 spelling (decimal, hex, short forms) into dotted decimal.
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function publicIpv4([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127) return false; // "this" network, private, loopback
  if (a === 169 && b === 254) return false; // link-local, cloud metadata (169.254.169.254)
  if (a === 172 && b >= 16 && b <= 31) return false; // private
  if (a === 192 && b === 168) return false; // private
  if (a === 100 && b >= 64 && b <= 127) return false; // CGNAT
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  if (a >= 224) return false; // multicast, reserved, broadcast
  return true;
}

function publicIpv6(literal: string): boolean {
  const ip = literal.toLowerCase();
  if (ip === "::" || ip === "::1") return false;
  // IPv4-mapped and -compatible forms: judge the IPv4 address inside (the URL parser writes them in hex groups).
  const mapped = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (mapped) {
    const hi = Number.parseInt(mapped[1] ?? "0", 16);
    const lo = Number.parseInt(mapped[2] ?? "0", 16);
    return publicIpv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  const dotted = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (dotted) return publicIpv4(ipv4(dotted[1] ?? "") ?? [0]);
  const first = Number.parseInt(ip.split(":")[0] || "0", 16);
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && ip.startsWith("2001:db8")) return false; // documentation
  if (first === 0x64 && ip.startsWith("64:ff9b")) return false; // NAT64 (reaches IPv4, possibly private)
  return true;
}
