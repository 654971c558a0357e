/**
 * Bloom filter micro-benchmark: ns per probe (present and absent keys) and keys per second
 * built, for our binary filter (src/engine/sst/bloom-filter.ts) and, when installed, the
 * `bloom-filters` npm package (the alternative we decided against; see docs/decisions.md).
 * Keys are 16-byte row keys ("user" + 12 decimal digits), 100k keys at 10 bits per key.
 *
 * Run: node_modules/.bin/bun bench/bloom-bench.ts
 * bloom-filters is not a dependency; to compare, install it temporarily:
 *   npm install --no-save bloom-filters
 * or install it elsewhere and point BLOOM_FILTERS_MODULE at its entry file.
 */

import { BloomFilterBuilder, bloomMayContain } from "../src/engine/sst/bloom-filter.ts";
import { systemClock } from "../src/util/clock.ts";

const KEY_COUNT = 100_000;
const encoder = new TextEncoder();
const keyText = (i: number): string => `user${String(i).padStart(12, "0")}`;
const presentKeys = Array.from({ length: KEY_COUNT }, (_, i) => encoder.encode(keyText(i)));
const absentKeys = Array.from({ length: KEY_COUNT }, (_, i) =>
  encoder.encode(keyText(i + 10 * KEY_COUNT)),
);

/** Best-of-rounds nanoseconds per call of `body(i)` over `count` calls. */
function nsPerCall(count: number, rounds: number, body: (i: number) => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    const start = systemClock.monotonicMs();
    for (let i = 0; i < count; i++) if (body(i)) sink++;
    best = Math.min(best, ((systemClock.monotonicMs() - start) * 1e6) / count);
  }
  if (sink < 0) console.log(sink); // Keeps the results observable so the loop is not removed.
  return best;
}

function benchOurs(): void {
  const builder = new BloomFilterBuilder(10);
  let filter: Uint8Array = new Uint8Array(0);
  const buildNs = nsPerCall(1, 5, () => {
    for (const key of presentKeys) builder.add(key);
    filter = builder.finish();
  });
  const present = nsPerCall(KEY_COUNT, 10, (i) => bloomMayContain(filter, presentKeys[i]!));
  const absent = nsPerCall(KEY_COUNT, 10, (i) => bloomMayContain(filter, absentKeys[i]!));
  let falsePositives = 0;
  for (const key of absentKeys) if (bloomMayContain(filter, key)) falsePositives++;
  report("ours (binary, 10 bits/key)", present, absent, buildNs, falsePositives, filter.length);
}

interface PackageFilter {
  add(key: string): void;
  has(key: string): boolean;
  saveAsJSON(): unknown;
}

async function benchPackage(): Promise<void> {
  let module: { BloomFilter?: { create(n: number, rate: number): PackageFilter } };
  try {
    const specifier = process.env["BLOOM_FILTERS_MODULE"] ?? "bloom-filters";
    module = (await import(specifier)) as typeof module;
  } catch {
    console.log("bloom-filters: not installed (npm install --no-save bloom-filters)");
    return;
  }
  const create = module.BloomFilter?.create;
  if (create === undefined) return;
  const texts = presentKeys.map((_, i) => keyText(i));
  const absentTexts = absentKeys.map((_, i) => keyText(i + 10 * KEY_COUNT));
  let filter = create.call(module.BloomFilter, KEY_COUNT, 0.0082);
  const buildNs = nsPerCall(1, 2, () => {
    filter = create.call(module.BloomFilter, KEY_COUNT, 0.0082);
    for (const key of texts) filter.add(key);
  });
  const present = nsPerCall(KEY_COUNT, 3, (i) => filter.has(texts[i]!));
  const absent = nsPerCall(KEY_COUNT, 3, (i) => filter.has(absentTexts[i]!));
  let falsePositives = 0;
  for (const key of absentTexts) if (filter.has(key)) falsePositives++;
  const jsonBytes = JSON.stringify(filter.saveAsJSON()).length;
  report("bloom-filters (npm)", present, absent, buildNs, falsePositives, jsonBytes);
}

function report(
  name: string,
  presentNs: number,
  absentNs: number,
  buildNs: number,
  falsePositives: number,
  serializedBytes: number,
): void {
  const keysPerSecond = (KEY_COUNT / buildNs) * 1e9;
  console.log(
    `${name}: probe present ${presentNs.toFixed(0)} ns, absent ${absentNs.toFixed(0)} ns; ` +
      `build ${(keysPerSecond / 1e6).toFixed(2)} M keys/s; ` +
      `false positives ${((falsePositives / KEY_COUNT) * 100).toFixed(2)}%; ` +
      `serialized ${serializedBytes} bytes`,
  );
}

benchOurs();
await benchPackage();
