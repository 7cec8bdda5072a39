/** A Deployment manifest as YAML, for kubectl apply. */
export function deploymentYaml(options: {
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  extraContainer?: boolean;
}): string {
  const sidecar = options.extraContainer
    ? `
      - name: sidecar
        image: busybox:1.36`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${options.name}
  namespace: ${options.namespace}
  labels:
    app: ${options.name}
spec:
  replicas: ${options.replicas}
  selector:
    matchLabels:
      app: ${options.name}
  template:
    metadata:
      labels:
        app: ${options.name}
    spec:
      containers:
      - name: main
        image: ${options.image}
        ports:
        - containerPort: 8080${sidecar}
`;
}

/** A Namespace manifest. */
export function namespaceYaml(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}
