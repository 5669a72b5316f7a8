// Small, realistic manifests with known findings, shared by the integration tests.

/** StatefulSet `db`: its Service `db-headless` is missing (service-missing, 6:16-6:27), and it
 * mounts volume `data`, which does not exist (volume-mount-unresolved, 17:21-17:25). */
export const DB_SET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headless
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - name: postgres
          image: postgres:16
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
`;

/** The headless Service `db` needs, in a file of its own. */
export const DB_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: db-headless
spec:
  clusterIP: None
  selector: {app: db}
`;

/** A StatefulSet + headless Service in one file, without storage (no-stable-storage, an info). */
export const WEB_STATELESS = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`;

/** A clean StatefulSet + headless Service in one file: WEB_STATELESS with a mounted claim template. */
export const WEB_GOOD = `${WEB_STATELESS.replace('image: "nginx:1.27"}', 'image: "nginx:1.27", volumeMounts: [{name: data, mountPath: /data}]}')}  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOncePod]
        resources: {requests: {storage: 1Gi}}
`;

/** StatefulSet `cache` (WEB_GOOD renamed) with an unmounted claim template: claim-template-unmounted, a warning, at 23:24. */
export const CACHE_UNMOUNTED = `${WEB_GOOD.replaceAll('web', 'cache')}    - metadata: {name: scratch}
      spec:
        accessModes: [ReadWriteOncePod]
        resources: {requests: {storage: 1Gi}}
`;
