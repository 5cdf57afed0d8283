// Validates Kubernetes objects (a multi-document YAML file, or stdin) against the API schemas that
// kubernetes-models ships (generated from the Kubernetes OpenAPI; the PodMonitor from the Prometheus Operator's
// CRD). One line per problem, "KIND/NAME: PATH MESSAGE"; exit 1 on any, 2 for a kind it has no schema of.
//
//   node validate.mjs FILE.yaml      (or: kubectl kustomize DIR | node validate.mjs -)
//
// It checks types, required fields, enums and formats; it does not reject unknown fields (the Kubernetes schemas
// do not forbid them: the API server drops or, with strict field validation, refuses them).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const MODELS = {
  "v1/ConfigMap": ["kubernetes-models/v1/ConfigMap", "ConfigMap"],
  "v1/Secret": ["kubernetes-models/v1/Secret", "Secret"],
  "v1/Service": ["kubernetes-models/v1/Service", "Service"],
  "v1/PersistentVolumeClaim": ["kubernetes-models/v1/PersistentVolumeClaim", "PersistentVolumeClaim"],
  "v1/Namespace": ["kubernetes-models/v1/Namespace", "Namespace"],
  "batch/v1/Job": ["kubernetes-models/batch/v1/Job", "Job"],
  "monitoring.coreos.com/v1/PodMonitor": ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor",
    "PodMonitor"],
};

const file = process.argv[2] ?? "-";
const text = readFileSync(file === "-" ? 0 : file, "utf8");
let problems = 0;
let unknown = 0;
let count = 0;
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length > 0) {
    for (const e of doc.errors) console.log(`${file}: not YAML: ${e.message.split("\n")[0]}`);
    problems++;
    continue;
  }
  const obj = doc.toJS();
  if (obj == null) continue;
  count++;
  const type = `${obj.apiVersion}/${obj.kind}`;
  const name = `${obj.kind}/${obj.metadata?.name ?? "?"}`;
  const model = MODELS[type];
  if (!model) {
    console.log(`${name}: no schema for ${type} here: add it to validate.mjs`);
    unknown++;
    continue;
  }
  if (obj.kind === "Secret" && obj.data) {
    // kustomize folds long base64 over lines; the API server's decoder (Go's encoding/base64) skips line breaks
    for (const key of Object.keys(obj.data)) obj.data[key] = String(obj.data[key]).replace(/[\r\n]/g, "");
  }
  const Model = (await import(model[0]))[model[1]];
  try {
    new Model(obj).validate();
  } catch (e) {
    for (const err of e.errors ?? [{ instancePath: "", message: e.message }]) {
      console.log(`${name}: ${err.instancePath || "/"} ${err.message}`);
    }
    problems++;
  }
}
if (problems === 0 && unknown === 0) console.log(`valid: ${count} objects`);
process.exit(unknown > 0 ? 2 : problems > 0 ? 1 : 0);
