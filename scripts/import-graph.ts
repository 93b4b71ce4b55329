// The import graph of app/, components/, lib/ and scripts/: which imports point from a lower layer
// up to a higher one, and which files import each other in a cycle (type-only imports count: they
// tie the modules together just the same). Exits 1 when either exists, so `npm run lint` fails.
// Run: npx tsx scripts/import-graph.ts [--verbose]   (docs/decisions/0088-layers-and-the-import-check.md)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const FOLDERS = ["app", "components", "lib", "scripts"];
const SKIPPED = new Set(["node_modules", "generated"]);
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/**
 * Higher layers may import lower ones, never the other way round. Modules in the same layer may
 * import each other (one capability uses another), as long as no cycle forms.
 */
const LAYERS: { name: string; paths: string[] }[] = [
  { name: "entry points", paths: ["app/", "scripts/"] },
  { name: "components", paths: ["components/"] },
  // next-auth's route wrapper lives with the rest of sign-in but is HTTP wiring like lib/api.
  { name: "HTTP layer", paths: ["lib/api/", "lib/openapi/", "lib/auth/auth-route.ts"] },
  // Every other folder under lib/: one capability each (usage, exports, metering …). Access sits
  // here too, as it reads sessions (lib/auth) and feature flags (lib/rollout).
  { name: "capabilities", paths: ["lib/"] },
  {
    name: "foundations",
    paths: ["lib/errors/", "lib/db/", "lib/format/", "lib/csv/", "lib/env.ts", "lib/observability/logger.ts"],
  },
];

const HTTP_LAYER = LAYERS.findIndex((layer) => layer.name === "HTTP layer");

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

function resolve(root: string, specifier: string, fromFile: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null; // a package
  if (/\.tsx?$/.test(base) && existsSync(base)) return base;
  for (const extension of EXTENSIONS) if (existsSync(base + extension)) return base + extension;
  return null; // a stylesheet, JSON or other asset
}

/** Every static import and re-export, `import()` and `import x = require()`, with whether it is type-only. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  // Only `import("…")` (a call or a type) hides below the top level: skip the walk without one.
  const nested = /\bimport\s*\(/.test(text);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const everyNameTypeOnly = !clause?.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: Boolean(clause?.isTypeOnly) || everyNameTypeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push({ specifier: expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    if (nested) ts.forEachChild(node, visit);
  };
  source.statements.forEach(visit);
  return found;
}

/** The layer's index: 0 is the top. Files in no layer (root files) rank above everything. */
function layerOf(file: string): number {
  let best = -1;
  let bestLength = 0;
  LAYERS.forEach((layer, index) => {
    for (const prefix of layer.paths) {
      if ((file === prefix || file.startsWith(prefix)) && prefix.length > bestLength) {
        best = index;
        bestLength = prefix.length;
      }
    }
  });
  return best;
}

/** Tarjan's strongly connected components; returns those of more than one file, or a file importing itself. */
function cycles(nodes: string[], edges: Edge[]): string[][] {
  const next = new Map<string, string[]>(nodes.map((node) => [node, []]));
  for (const edge of edges) next.get(edge.from)!.push(edge.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && next.get(node)!.includes(node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return components;
}

export interface ImportReport {
  files: string[];
  edges: Edge[];
  upward: Edge[];
  cycles: string[][];
}

/** The graph of the tree under `root`: every import between its files, those pointing upward, the cycles. */
export function analyseImports(root: string): ImportReport {
  const relative = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(root, folder)))
    .map(relative)
    .sort();
  const known = new Set(files);
  const edges = files.flatMap((from) =>
    importsOf(path.join(root, from)).flatMap(({ specifier, typeOnly }) => {
      const target = resolve(root, specifier, path.join(root, from));
      return target && known.has(relative(target)) ? [{ from, to: relative(target), typeOnly }] : [];
    }),
  );
  const upward = edges.filter((edge) => layerOf(edge.from) > layerOf(edge.to) && layerOf(edge.to) >= 0);
  return { files, edges, upward, cycles: cycles(files, edges) };
}

const show = (edge: Edge) => `  ${edge.from} → ${edge.to}${edge.typeOnly ? " (type only)" : ""}`;

function printReport({ files, edges, upward, cycles: found }: ImportReport, verbose: boolean): void {
  const intoHttp = upward.filter((edge) => layerOf(edge.to) === HTTP_LAYER && edge.from.startsWith("lib/"));
  console.log(`${files.length} files, ${edges.length} imports between them`);
  console.log(`imports pointing upward: ${upward.length} (from lib/ into the HTTP layer: ${intoHttp.length})`);
  if (upward.length > 0) {
    const byLayer = new Map<string, number>();
    for (const edge of upward) {
      const key = `${LAYERS[layerOf(edge.from)]!.name} → ${LAYERS[layerOf(edge.to)]!.name}`;
      byLayer.set(key, (byLayer.get(key) ?? 0) + 1);
    }
    for (const [key, count] of byLayer) console.log(`  ${count} ${key}`);
    console.log(upward.map(show).join("\n"));
  }
  console.log(`import cycles: ${found.length}`);
  for (const component of found) console.log(`  ${component.join(" ↔ ")}`);
  if (verbose) console.log(edges.map(show).join("\n"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = analyseImports(process.cwd());
  printReport(report, process.argv.includes("--verbose"));
  if (report.upward.length > 0 || report.cycles.length > 0) {
    console.error(
      "\nThe import check failed: a module may import only from its own layer or those below it " +
        `(${LAYERS.map((layer) => layer.name).join(" → ")}), and no files may import each other in a cycle.`,
    );
    process.exit(1);
  }
}
