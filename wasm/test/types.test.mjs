// The generated TypeScript declarations compile under --strict and describe the results.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { wasmDir } from "./support.mjs";

test("TypeScript declarations: test/types-check.ts compiles with tsc --strict", () => {
  const tsc = join(wasmDir, "node_modules", ".bin", "tsc");
  execFileSync(tsc, ["--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--module", "nodenext",
    "--moduleResolution", "nodenext", join(wasmDir, "test", "types-check.ts")], { cwd: wasmDir, stdio: "inherit" });
});
