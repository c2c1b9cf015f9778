// The local page: reads the fields, runs the pre-flight in WebAssembly, shows the result.
// No network request is made: the module and its .wasm are this page's own files.
import init, { inspect, preflight, suggestName, uploadBody, version } from "./pkg/cert_preflight.js";

const $ = (id) => document.getElementById(id);

/** What each PEM field holds: text typed or dropped, or the bytes of a binary file. */
const fields = { cert: { bytes: null }, key: { bytes: null }, ca: { bytes: null } };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** A field's value for the checker: its text, or the dropped file's bytes. */
function value(id) {
  return fields[id].bytes ?? $(id).value;
}

function isText(bytes) {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Loads a file into a field: PEM as text; DER or PKCS#12 kept as bytes (the checker says what
 *  it is and how to convert it). */
async function load(id, file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const area = $(id);
  if (isText(bytes)) {
    fields[id].bytes = null;
    area.value = new TextDecoder().decode(bytes);
    area.readOnly = false;
  } else {
    fields[id].bytes = bytes;
    area.value = `(binary file ${file.name}, ${bytes.length} bytes: not PEM)`;
    area.readOnly = true;
  }
  if (id === "cert" && $("name").value === "my_certificate") {
    $("name").value = suggestName(file.name.replace(/\.[^.]*$/, ""));
  }
}

function wireFields() {
  for (const box of document.querySelectorAll(".pem")) {
    const id = box.dataset.field;
    const area = $(id);
    box.querySelector("input[type=file]").addEventListener("change", (e) => {
      if (e.target.files[0]) load(id, e.target.files[0]);
    });
    box.addEventListener("dragover", (e) => {
      e.preventDefault();
      box.classList.add("over");
    });
    box.addEventListener("dragleave", () => box.classList.remove("over"));
    box.addEventListener("drop", (e) => {
      e.preventDefault();
      box.classList.remove("over");
      if (e.dataTransfer.files[0]) load(id, e.dataTransfer.files[0]);
    });
    area.addEventListener("focus", () => {
      if (fields[id].bytes) {
        fields[id].bytes = null;
        area.value = "";
        area.readOnly = false;
      }
    });
  }
  for (const radio of document.querySelectorAll("input[name=type]")) {
    radio.addEventListener("change", () => $("instance-row").classList.toggle("hidden", certType() !== "instance"));
  }
}

const certType = () => document.querySelector("input[name=type]:checked").value;

function options() {
  const at = $("at").value;
  const domains = $("domains").value.split(/[\s,]+/).filter(Boolean);
  return {
    at: at ? new Date(at) : undefined,
    domains,
    warnDays: Number($("warn-days").value || 30),
  };
}

/** Runs the pre-flight: the verdict on the request as given, and the body to upload. */
function run() {
  const opts = options();
  const name = $("name").value;
  const type = certType();
  const instanceId = type === "instance" ? $("instance-id").value : "";
  const upload = uploadBody(value("cert"), value("key"), {
    ...opts, name, type, instanceId, trustedRootCa: value("ca") || undefined, fixOrder: $("fix-order").checked,
  });
  // Binary files cannot go in a JSON body: the upload call already read them as the CLI does.
  const binary = Object.values(fields).some((f) => f.bytes);
  const verdict = binary
    ? upload
    : preflight(
        {
          name,
          cert_content: $("cert").value,
          private_key: $("key").value,
          type,
          ...(instanceId ? { instance_id: instanceId } : {}),
          ...($("ca").value ? { trusted_root_ca: $("ca").value } : {}),
        },
        opts,
      );
  show(verdict, upload, value("cert"));
}

function show(verdict, upload, cert) {
  $("empty").classList.add("hidden");
  showVerdict(verdict);
  showFindings(verdict.findings.length ? verdict.findings : upload.findings);
  showUpload(upload);
  showCertificates(cert);
  $("response-card").classList.remove("hidden");
  $("response-status").textContent = `HTTP ${verdict.status}`;
  $("response").textContent = JSON.stringify(verdict.report.body, null, 2);
}

function showVerdict(r) {
  const card = $("verdict");
  card.classList.remove("hidden", "ok", "bad");
  card.classList.add(r.accepted ? "ok" : "bad");
  card.dataset.verdict = r.accepted ? "accepted" : "rejected";
  $("verdict-badge").textContent = r.accepted ? "✓" : "✕";
  if (r.accepted) {
    const warnings = r.findings.length;
    $("verdict-title").textContent = "Accepted · HTTP 200";
    $("verdict-msg").textContent = warnings
      ? `The gateway creates this certificate; ${warnings} warning${warnings > 1 ? "s" : ""} about what clients may refuse.`
      : `The gateway creates this certificate for ${r.detail.common_name || "its subject"}, valid until ${r.detail.not_after}.`;
  } else {
    $("verdict-title").textContent = `Rejected · HTTP ${r.status} · ${r.error_code}`;
    $("verdict-msg").textContent = r.error_msg;
  }
}

function showFindings(findings) {
  $("findings-card").classList.toggle("hidden", findings.length === 0);
  $("findings-count").textContent = String(findings.length);
  const list = $("findings");
  list.replaceChildren(
    ...findings.map((f) => {
      const where = [f.field, f.block ? `block ${f.block}` : null].filter(Boolean).join(" · ");
      return el(
        "li",
        { class: `finding ${f.severity}` },
        el(
          "div",
          { class: "finding-head" },
          el("span", { class: `pill ${f.severity}` }, f.severity),
          f.code ? el("span", { class: "code-tag" }, f.code) : null,
          where ? el("span", { class: "where" }, where) : null,
          el("span", { class: "id" }, f.id),
        ),
        el("p", { class: "message" }, f.message),
        f.fix ? el("p", { class: "fix" }, el("strong", {}, "Fix: "), f.fix) : null,
      );
    }),
  );
}

let uploadJson = null;

function showUpload(upload) {
  $("upload-card").classList.toggle("hidden", !upload.body);
  if (!upload.body) {
    uploadJson = null;
    return;
  }
  uploadJson = JSON.stringify(upload.body, null, 2);
  const key = upload.body.private_key;
  const firstLine = key.split("\n")[0];
  const shown = { ...upload.body, private_key: `${firstLine}\n… ${key.length} characters, copied whole …` };
  $("upload-body").textContent = JSON.stringify(shown, null, 2);
  $("copy").textContent = "Copy JSON";
}

function showCertificates(cert) {
  const r = cert && (typeof cert !== "string" || cert.trim()) ? inspect(cert) : { certificates: [] };
  $("certs-card").classList.toggle("hidden", r.certificates.length === 0);
  $("certs").replaceChildren(
    ...r.certificates.map((c, i) => {
      const rows = [
        ["Common name", c.common_name || "—"],
        ["SAN", c.san.join(", ") || "—"],
        ["Organization", [...c.organization, ...c.organizational_unit].join(" / ") || "—"],
        ["Location", [...c.locality, ...c.state, ...c.country].join(", ") || "—"],
        ["Issuer", c.issuer.join(", ") || "—"],
        ["Serial number", c.serial_number],
        ["Valid", `${c.not_before} → ${c.not_after}`],
        ["Signature", `${c.signature_algorithm} (v${c.version})`],
      ];
      return el(
        "div",
        { class: "cert" },
        el("div", { class: "cert-title" }, i === 0 ? "Block 1 · read as the server certificate" : `Block ${i + 1}`),
        el("table", {}, el("tbody", {}, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))))),
      );
    }),
  );
}

function download() {
  if (!uploadJson) return;
  const a = el("a", { href: URL.createObjectURL(new Blob([uploadJson + "\n"], { type: "application/json" })), download: "request.json" });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function copy() {
  if (!uploadJson) return;
  try {
    await navigator.clipboard.writeText(uploadJson);
    $("copy").textContent = "Copied";
  } catch {
    $("copy").textContent = "Copy failed: select the text";
  }
}

function clear() {
  for (const id of ["cert", "key", "ca"]) {
    fields[id].bytes = null;
    $(id).value = "";
    $(id).readOnly = false;
  }
  for (const id of ["verdict", "findings-card", "upload-card", "certs-card", "response-card"]) $(id).classList.add("hidden");
  $("empty").classList.remove("hidden");
}

async function main() {
  wireFields();
  $("clear").addEventListener("click", clear);
  $("copy").addEventListener("click", copy);
  $("download").addEventListener("click", download);
  $("form").addEventListener("submit", (e) => {
    e.preventDefault();
    try {
      run();
    } catch (err) {
      showVerdict({ accepted: false, status: "—", error_code: err.name, error_msg: err.message, findings: [] });
    }
  });
  await init();
  $("version").textContent = version();
  $("engine").textContent = "Ready · runs locally";
  $("run").disabled = false;
  document.body.dataset.ready = "true";
}

main();
