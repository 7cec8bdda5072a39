import { escapeHelp, formatLabelPairs, formatValue, isLabelName, isMetricName } from './exposition.js';

/** One labelled counter: only ever goes up. */
export class CounterSeries {
  value = 0;

  /** Adds `amount` (default 1); negative amounts are ignored, a counter never goes down. */
  add(amount = 1): void {
    if (amount > 0) this.value += amount;
  }
}

/** One labelled gauge: a value that goes up and down. */
export class GaugeSeries {
  value = 0;

  set(value: number): void {
    this.value = value;
  }

  add(delta: number): void {
    this.value += delta;
  }
}

/** One labelled histogram with fixed bucket bounds. */
export class HistogramSeries {
  /** Observations per bucket (not cumulative); the last slot is the `+Inf` bucket. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let index = 0;
    // Bucket bounds are inclusive upper limits (`le`); a dozen comparisons beat a binary search here.
    while (index < bounds.length && value > bounds[index]!) index++;
    this.counts[index]!++;
    this.sum += value;
    this.count++;
  }
}

/** What a family of series is declared with. */
export interface FamilyOptions {
  /** The full Prometheus name, e.g. `infra_mcp_tool_calls_total`. */
  name: string;
  help: string;
  labelNames?: readonly string[];
}

type Kind = 'counter' | 'gauge' | 'histogram';

/** A metric family: one name, one HELP and TYPE, many label sets. */
export class Family<S extends CounterSeries | GaugeSeries | HistogramSeries> {
  readonly labelNames: readonly string[];
  /** Each series with its label pairs already rendered (`a="x",b="y"`): labels never change, so a scrape only formats numbers. */
  private readonly series = new Map<string, { pairs: string; state: S }>();
  private overflow: S | undefined;

  constructor(
    readonly kind: Kind,
    readonly options: FamilyOptions,
    private readonly create: () => S,
    private readonly limits: { maxSeries: number; onOverflow: (name: string) => void },
  ) {
    this.labelNames = options.labelNames ?? [];
  }

  /**
   * The series for `values` (in `labelNames` order), created on first use.
   * Callers resolve once and keep the series, so the hot path is a field add.
   * Past the series limit every new label set shares one overflow series,
   * labelled `otel_metric_overflow="true"` as OpenTelemetry SDKs do.
   */
  labels(...values: string[]): S {
    if (values.length !== this.labelNames.length)
      throw new TypeError(`${this.options.name} takes labels ${this.labelNames.join(', ')}`);
    const key = values.join('\u0000');
    const known = this.series.get(key);
    if (known !== undefined) return known.state;
    if (this.series.size >= this.limits.maxSeries) {
      if (this.overflow === undefined) {
        this.overflow = this.create();
        this.limits.onOverflow(this.options.name);
      }
      return this.overflow;
    }
    const state = this.create();
    this.series.set(key, { pairs: formatLabelPairs(this.labelNames, values), state });
    return state;
  }

  /** Appends this family's lines in text exposition format 0.0.4. */
  render(lines: string[]): void {
    const { name, help } = this.options;
    lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${this.kind}`);
    for (const { pairs, state } of this.series.values()) this.renderSeries(lines, pairs, state);
    if (this.overflow !== undefined) this.renderSeries(lines, 'otel_metric_overflow="true"', this.overflow);
  }

  private renderSeries(lines: string[], pairs: string, state: S): void {
    const name = this.options.name;
    const braced = pairs === '' ? '' : `{${pairs}}`;
    if (!(state instanceof HistogramSeries)) {
      lines.push(`${name}${braced} ${formatValue(state.value)}`);
      return;
    }
    const prefix = pairs === '' ? `${name}_bucket{le="` : `${name}_bucket{${pairs},le="`;
    let cumulative = 0;
    for (let index = 0; index <= state.bounds.length; index++) {
      cumulative += state.counts[index]!;
      const bound = index < state.bounds.length ? formatValue(state.bounds[index]!) : '+Inf';
      lines.push(`${prefix}${bound}"} ${cumulative}`);
    }
    lines.push(`${name}_sum${braced} ${formatValue(state.sum)}`, `${name}_count${braced} ${state.count}`);
  }
}

/** Options for {@link MetricRegistry}. */
export interface RegistryOptions {
  /** Most label sets one family keeps before new ones share an overflow series. */
  maxSeriesPerFamily?: number;
  /** Told once per family that reached the limit. */
  onOverflow?: (name: string) => void;
}

/** A small Prometheus registry: counters, gauges and fixed-bucket histograms, rendered as text 0.0.4. */
export class MetricRegistry {
  private readonly families: Family<CounterSeries | GaugeSeries | HistogramSeries>[] = [];
  private readonly collectors: (() => void)[] = [];
  private readonly limits: { maxSeries: number; onOverflow: (name: string) => void };

  constructor(options: RegistryOptions = {}) {
    this.limits = { maxSeries: options.maxSeriesPerFamily ?? 2000, onOverflow: options.onOverflow ?? (() => {}) };
  }

  counter(options: FamilyOptions): Family<CounterSeries> {
    if (!options.name.endsWith('_total')) throw new TypeError(`Counter ${options.name} must end in _total`);
    return this.add(new Family('counter', options, () => new CounterSeries(), this.limits));
  }

  gauge(options: FamilyOptions): Family<GaugeSeries> {
    return this.add(new Family('gauge', options, () => new GaugeSeries(), this.limits));
  }

  histogram(options: FamilyOptions & { buckets: readonly number[] }): Family<HistogramSeries> {
    const buckets = [...options.buckets];
    if (buckets.length === 0 || buckets.some((bound, index) => index > 0 && bound <= buckets[index - 1]!))
      throw new TypeError(`Histogram ${options.name} needs strictly increasing buckets`);
    return this.add(new Family('histogram', options, () => new HistogramSeries(buckets), this.limits));
  }

  /** Runs `collect` before every render, to refresh series that mirror outside state (memory, CPU). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  /** The whole registry in text exposition format 0.0.4, ending in a newline. */
  render(): string {
    for (const collect of this.collectors) collect();
    const lines: string[] = [];
    for (const family of this.families) family.render(lines);
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  private add<F extends Family<CounterSeries | GaugeSeries | HistogramSeries>>(family: F): F {
    const { name, labelNames = [] } = family.options;
    if (!isMetricName(name)) throw new TypeError(`${name} is not a valid metric name`);
    const invalid = labelNames.find((label) => !isLabelName(label));
    if (invalid !== undefined) throw new TypeError(`${name}: ${invalid} is not a valid label name`);
    if (this.families.some((existing) => existing.options.name === name))
      throw new TypeError(`${name} is already registered`);
    this.families.push(family);
    return family;
  }
}
