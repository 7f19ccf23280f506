/**
 * Compiles a baseline bot (bench/support/*-bot.ts) to plain CommonJS under .bench-dist/baselines, so it runs on bare
 * `node` like coexist's dist/index.js: under `-r tsx/cjs` the echo bot paid 1–2 % of its CPU to tsx at run time,
 * which flattered the ratio. The output sits inside the repository so its imports resolve from node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Returns the path of the compiled .js file for `source` (a .ts file), written to `.bench-dist/<dir>`; throws if
 * TypeScript reports an error. Sources that import each other share a `dir`.
 */
export function compileBaseline(source: string, root: string, dir = 'baselines'): string {
  const text = fs.readFileSync(source, 'utf8');
  const out = ts.transpileModule(text, {
    fileName: source,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw new Error(`${source}: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`);
  const outDir = path.join(root, '.bench-dist', dir);
  fs.mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, path.basename(source).replace(/\.ts$/, '.js'));
  fs.writeFileSync(target, out.outputText);
  return target;
}
