import { type Cluster } from './cluster.js';
import { type Controller } from './controller.js';
import { type StoreEvent } from '../store/object-store.js';
import { asString, getIn } from '../util/object.js';

/** What every new namespace gets in a real cluster: the "default" ServiceAccount and the kube-root-ca.crt ConfigMap. */
export class NamespaceDefaultsController implements Controller {
  readonly name = 'namespace-defaults';

  constructor(
    private readonly cluster: Cluster,
    private readonly caCertificate: string,
  ) {}

  keysFor(event: StoreEvent): string[] {
    if (event.storage !== '/namespaces' || event.type !== 'ADDED') return [];
    return [`/${asString(getIn(event.object, ['metadata', 'name']))}`];
  }

  sync(_namespace: string, name: string): void {
    const namespace = this.cluster.store.get('/namespaces', '', name);
    if (namespace === undefined || getIn(namespace, ['metadata', 'deletionTimestamp']) !== undefined) return;
    if (this.cluster.get('', 'ServiceAccount', name, 'default') === undefined) {
      this.cluster.create('', 'ServiceAccount', name, { metadata: { name: 'default' } }, 'kube-controller-manager');
    }
    if (this.cluster.get('', 'ConfigMap', name, 'kube-root-ca.crt') === undefined) {
      this.cluster.create(
        '',
        'ConfigMap',
        name,
        {
          metadata: {
            name: 'kube-root-ca.crt',
            annotations: {
              'kubernetes.io/description':
                'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
            },
          },
          data: { 'ca.crt': this.caCertificate },
        },
        'kube-root-ca-cert-publisher',
      );
    }
  }
}
