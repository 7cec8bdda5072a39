import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** Resource usage of one container or node, as Kubernetes quantities ("25m", "64Mi"). */
export interface Usage {
  cpu: string;
  memory: string;
}

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619) >>> 0;
  return value;
}

/** A stable made-up usage for an object that has no metrics set: the same name gives the same numbers. */
export function syntheticUsage(seed: string): Usage {
  const value = hash(seed);
  return { cpu: `${(value % 240) + 1}m`, memory: `${(value % 200) + 16}Mi` };
}

/** The metrics.k8s.io data: explicit values set by tests, synthetic values otherwise. */
export class MetricsSource {
  private readonly pods = new Map<string, Record<string, Usage>>();
  private readonly nodes = new Map<string, Usage>();

  /** Sets per-container usage of one pod. */
  setPod(namespace: string, pod: string, containers: Record<string, Usage>): void {
    this.pods.set(`${namespace}/${pod}`, containers);
  }

  /** Sets the usage of one node. */
  setNode(node: string, usage: Usage): void {
    this.nodes.set(node, usage);
  }

  /** PodMetrics for a running pod. */
  podMetrics(pod: JsonObject, now: Date): JsonObject {
    const meta = asObject(pod.metadata);
    const id = `${asString(meta.namespace)}/${asString(meta.name)}`;
    const explicit = this.pods.get(id);
    const containers = asArray(getIn(pod, ['spec', 'containers'])).map((c) => asString(asObject(c).name));
    return {
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: meta.name,
        namespace: meta.namespace,
        creationTimestamp: formatTime(now),
        labels: meta.labels ?? {},
      },
      timestamp: formatTime(now),
      window: '15s',
      containers: containers.map((name) => ({ name, usage: explicit?.[name] ?? syntheticUsage(`${id}/${name}`) })),
    };
  }

  /** NodeMetrics for a node. */
  nodeMetrics(node: JsonObject, now: Date): JsonObject {
    const meta = asObject(node.metadata);
    const name = asString(meta.name);
    return {
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name, creationTimestamp: formatTime(now), labels: meta.labels ?? {} },
      timestamp: formatTime(now),
      window: '20s',
      usage: this.nodes.get(name) ?? syntheticUsage(`node/${name}`),
    };
  }
}
