// The peer: a plain paginated fetch loop over GET /v2/<name>/tags/list, following Link headers, holding the
// tags in an array. Prints {"ms", "tags", "peakRssKiB"} as JSON.
import { readFileSync } from 'node:fs';

const [base, repository] = process.argv.slice(2);
const t0 = performance.now();
const tags = [];
let url = `${base}/v2/${repository}/tags/list?n=1000`;
while (url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.json();
  tags.push(...(body.tags ?? []));
  const next = /<([^>]*)>;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
  url = next ? new URL(next, url).toString() : undefined;
}
const ms = performance.now() - t0;
const peakRssKiB = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
console.log(JSON.stringify({ ms, tags: tags.length, peakRssKiB }));
