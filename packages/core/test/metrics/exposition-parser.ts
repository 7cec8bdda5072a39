// A strict reader of the Prometheus text exposition format 0.0.4, for tests:
// it throws on anything a Prometheus server would reject or misread (bad
// escapes, samples before their TYPE, interleaved families, duplicate series,
// histograms whose buckets are not cumulative or do not end in +Inf = _count).

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its HELP, TYPE and samples. */
export interface MetricFamily {
  name: string;
  help: string | undefined;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  samples: Sample[];
}

const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const helpLine = new RegExp(`^# HELP (${name}) ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)$`);
const typeLine = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`);
const sampleLine = new RegExp(`^(${name})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const labelPair = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/;
const floatValue = /^(?:[+-]?Inf|NaN|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/** Parses exposition text, throwing an Error that names the line on any violation. */
export function parseExposition(text: string): Map<string, MetricFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  const families = new Map<string, MetricFamily>();
  const seenSeries = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1} (${JSON.stringify(line)}): ${why}`);
    };
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      current = readMeta(line, families, current, fail);
      return;
    }
    if (line.startsWith('#') || line.trim() === '') return;
    const sample = readSample(line, fail);
    const family = familyOf(sample.name, families);
    if (family === undefined) return fail('sample without a TYPE line before it');
    if (family !== current) fail('samples of one family must be contiguous');
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seenSeries.has(key)) fail('duplicate series');
    seenSeries.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) checkFamily(family);
  return families;
}

function readMeta(
  line: string,
  families: Map<string, MetricFamily>,
  current: MetricFamily | undefined,
  fail: (why: string) => never,
): MetricFamily {
  const help = helpLine.exec(line);
  const type = typeLine.exec(line);
  const familyName = help?.[1] ?? type?.[1] ?? fail('malformed HELP or TYPE line');
  let family = families.get(familyName);
  if (family !== undefined && family !== current) fail('HELP/TYPE of a family that already ended');
  if (family === undefined) {
    family = { name: familyName, help: undefined, type: 'untyped', samples: [] };
    families.set(familyName, family);
  }
  if (help !== null) {
    if (family.help !== undefined) fail('second HELP line');
    family.help = help[2]!.replace(/\\(\\|n)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : '\\'));
  } else {
    if (family.samples.length > 0) fail('TYPE after samples');
    family.type = type![2] as MetricFamily['type'];
  }
  return family;
}

function readSample(line: string, fail: (why: string) => never): Sample {
  const match = sampleLine.exec(line) ?? fail('malformed sample line');
  const labels: Record<string, string> = {};
  let rest = match[2] ?? '';
  while (rest !== '') {
    const pair = labelPair.exec(rest) ?? fail(`malformed labels at ${JSON.stringify(rest)}`);
    if (pair[1]! in labels) fail(`label ${pair[1]} appears twice`);
    labels[pair[1]!] = pair[2]!.replace(/\\(\\|"|n)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    rest = rest.slice(pair[0].length);
  }
  if (!floatValue.test(match[3]!)) fail(`value ${match[3]} is not a float`);
  const value =
    match[3] === '+Inf' || match[3] === 'Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3]);
  return { name: match[1]!, labels, value };
}

function familyOf(sampleName: string, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const exact = families.get(sampleName);
  if (exact !== undefined) return exact;
  const base = /^(.*)_(bucket|sum|count)$/.exec(sampleName)?.[1];
  const family = base === undefined ? undefined : families.get(base);
  return family?.type === 'histogram' || family?.type === 'summary' ? family : undefined;
}

function checkFamily(family: MetricFamily): void {
  if (family.type === 'counter') {
    for (const sample of family.samples) {
      if (sample.name !== family.name) throw new Error(`${sample.name} in counter ${family.name}`);
      if (!(sample.value >= 0)) throw new Error(`counter ${family.name} has value ${sample.value}`);
    }
  }
  if (family.type === 'histogram') checkHistogram(family);
}

function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    const suffix = sample.name.slice(family.name.length);
    if (suffix === '_bucket') {
      if (le === undefined) throw new Error(`${family.name}_bucket without le`);
      group.buckets.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (suffix === '_sum') group.sum = sample.value;
    else if (suffix === '_count') group.count = sample.value;
    else throw new Error(`${sample.name} in histogram ${family.name}`);
  }
  for (const [key, group] of groups) {
    const where = `${family.name}${key}`;
    if (group.sum === undefined || group.count === undefined) throw new Error(`${where} lacks _sum or _count`);
    group.buckets.forEach(([bound, count], index) => {
      const previous = group.buckets[index - 1];
      if (previous !== undefined && (bound <= previous[0] || count < previous[1]))
        throw new Error(`${where}: buckets not increasing and cumulative at le=${bound}`);
    });
    const last = group.buckets.at(-1);
    if (last === undefined || last[0] !== Infinity) throw new Error(`${where}: no le="+Inf" bucket`);
    if (last[1] !== group.count) throw new Error(`${where}: +Inf bucket ${last[1]} differs from _count ${group.count}`);
  }
}

/**
 * The value of the one sample named `sampleName` whose labels include
 * `labels` (a label given as `''` must be absent, as Prometheus reads it);
 * undefined when none matches.
 */
export function valueOf(
  families: Map<string, MetricFamily>,
  sampleName: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matches = [...families.values()]
    .flatMap((family) => family.samples)
    .filter(
      (sample) =>
        sample.name === sampleName &&
        Object.entries(labels).every(([key, value]) => (sample.labels[key] ?? '') === value),
    );
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${sampleName} match ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}
