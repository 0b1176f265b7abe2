// Builds ui/dist: bundles the TypeScript and the NL Design System CSS with esbuild and copies
// index.html. Everything is served from the app itself: no remote resources (SEC-04).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ui = dirname(fileURLToPath(import.meta.url));
const dist = join(ui, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: { app: join(ui, "src/main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  outdir: dist,
  minify: true,
  sourcemap: false,
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(ui, "styles.css") },
  bundle: true,
  outdir: dist,
  minify: true,
  logLevel: "warning",
});
copyFileSync(join(ui, "index.html"), join(dist, "index.html"));
console.log("ui/dist gebouwd");
