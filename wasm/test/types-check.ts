// Compiled (not run) by types.test.mjs with `tsc --noEmit --strict`: the generated declarations
// describe what the package returns, and misuse is a type error.
import {
  inspect, preflight, suggestName, uploadBody, version,
  type CertificateDetail, type Finding, type InspectResult, type PreflightResult, type UploadResult,
} from "../pkg/cert_preflight.js";

const r: PreflightResult = preflight({ name: "shop_example" }, { at: new Date(), domains: ["a.example"], failOn: "warning" });
const accepted: boolean = r.accepted;
const status: number = r.status;
const code: string | null = r.error_code;
const detail: CertificateDetail | null = r.detail;
const cn: string | undefined = detail?.common_name;
const first: Finding | undefined = r.findings[0];
const severity: "error" | "warning" | "notice" | undefined = first?.severity;
const schema: "cert-preflight/report/v1" = r.report.schema;
const u: UploadResult = uploadBody("cert", new Uint8Array(), { name: "n", type: "instance", instanceId: "i", fixOrder: true });
const key: string | undefined = u.body?.private_key;
const order: number[] | null = u.reordered;
const i: InspectResult = inspect(new Uint8Array());
const san: string[] | undefined = i.certificates[0]?.san;
const v: string = version() + suggestName("x");

// @ts-expect-error failOn takes three words only
preflight("{}", { failOn: "fatal" });
// @ts-expect-error a number is no body
preflight(42);

export { accepted, status, code, cn, severity, schema, key, order, san, v };
