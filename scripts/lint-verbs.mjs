#!/usr/bin/env node
// The verb rule, run by `pnpm lint` and scripts/test.sh: every exported verb of packages/domain that writes must
// authorize its actor and write an audit row, or carry an explicit exemption with a reason.
//
//   verb      an exported async function (declaration or `const x = async (...) =>`, exported inline or by a
//             local `export { x }`) whose first parameter
//             destructures `ctx`, e.g. `export async function archiveRoom({ ctx, input }: ...)`.
//   writes    its body, or any function of the package it calls (followed through imports, transitively), builds a
//             Drizzle write on a database handle (`db.insert(`, `db.update(`, `db.delete(`), runs raw SQL on one
//             (`db.run(`), runs `batchStatements(`, or holds a `sql` template that starts with INSERT, UPDATE,
//             DELETE or REPLACE. Calls through interfaces (`ctx.mail.send`) are not followed.
//   authorizes  it calls, directly or through package functions, `authorize`, `authorizeAndRead`,
//             `authorizeAndReadAll`, `authorizeReadAndWrite` or
//             `requirePlatformAdmin`.
//   audits    it calls, directly or through package functions, `auditEntry`, `conditionalAuditEntry` or
//             `auditWhere`.
//   exemption a line comment directly above the verb (its JSDoc may sit in between):
//             `// verb-exempt: <why this verb needs no authorization or audit row>` (a reason of 10+ characters).
//             An exemption on a verb that needs none is reported too, so exemptions do not go stale.
//
// Usage: node scripts/lint-verbs.mjs [source folder or file ...]   (default: packages/domain/src). Exit 1 on a violation.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const AUTHORIZERS = new Set(["authorize", "authorizeAndRead", "authorizeAndReadAll", "authorizeReadAndWrite", "requirePlatformAdmin", "authorizeKeyMaker", "authorizeKeyManager", "authorizeGrantManager"]);
const AUDITORS = new Set(["auditEntry", "conditionalAuditEntry", "auditWhere"]);
const WRITE_RUNNERS = new Set(["batchStatements"]);
const DB_WRITE_METHODS = new Set(["insert", "update", "delete", "run"]);
const DB_RECEIVER = /(^|[.\s(])(db|tx|\$client|[A-Z_]+_DB)\)?$/;
const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
const EXEMPTION = /^\/\/\s*verb-exempt:\s*(.*)$/;

function sourceFiles(dir) {
  if (fs.statSync(dir).isFile()) return [dir];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push(full);
    }
  }
  return out;
}

/** The function-like node behind a declaration, if it is one. */
function functionOf(declaration) {
  if (!declaration) return undefined;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = declaration.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

function calleeName(call) {
  const expr = call.expression;
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

export function lintVerbs(roots) {
  const files = roots.flatMap((root) => sourceFiles(path.resolve(root)));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    noLib: true,
    noResolve: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const inScope = new Set(files.map((f) => path.resolve(f)));
  const facts = new Map(); // function node -> { writes, authorizes, audits }

  /** The in-package function a call reaches, following import aliases. */
  function target(call) {
    let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const fn = functionOf(symbol?.declarations?.[0]);
    return fn && inScope.has(path.resolve(fn.getSourceFile().fileName)) ? fn : undefined;
  }

  function factsOf(fn) {
    const known = facts.get(fn);
    if (known) return known;
    const result = { writes: [], authorizes: false, audits: false };
    facts.set(fn, result); // a recursive call sees the partial result instead of looping
    const file = fn.getSourceFile();
    const where = (node) => `${path.relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node) => {
      if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === "sql") {
        const head = ts.isNoSubstitutionTemplateLiteral(node.template) ? node.template.text : node.template.head.text;
        if (WRITE_SQL.test(head)) result.writes.push(`${head.trim().split(/\s+/).slice(0, 3).join(" ")} (${where(node)})`);
      }
      if (ts.isCallExpression(node)) {
        const name = calleeName(node);
        if (name && AUTHORIZERS.has(name)) result.authorizes = true;
        if (name && AUDITORS.has(name)) result.audits = true;
        if (name && WRITE_RUNNERS.has(name)) result.writes.push(`${name}( (${where(node)})`);
        if (name && DB_WRITE_METHODS.has(name) && ts.isPropertyAccessExpression(node.expression)) {
          const receiver = node.expression.expression.getText().replace(/\s+/g, "");
          if (DB_RECEIVER.test(receiver)) result.writes.push(`${receiver}.${name}( (${where(node)})`);
        }
        const callee = target(node);
        if (callee && callee !== fn) {
          const inner = factsOf(callee);
          if (inner.writes.length > 0 && !result.writes.some((w) => w.startsWith("via "))) {
            result.writes.push(`via ${calleeName(node)}() → ${inner.writes[0]}`);
          }
          result.authorizes ||= inner.authorizes;
          result.audits ||= inner.audits;
        }
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    return result;
  }

  function exemptionOf(statement) {
    const text = statement.getSourceFile().getFullText();
    const comments = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
    for (const range of comments) {
      const match = EXEMPTION.exec(text.slice(range.pos, range.end).trim());
      if (match) return { reason: match[1].trim() };
    }
    return undefined;
  }

  const problems = [];
  const verbs = [];
  for (const file of program.getSourceFiles()) {
    if (!inScope.has(path.resolve(file.fileName))) continue;
    // Names exported by a local `export { a, b as c }` list count as exported too.
    const listed = new Set();
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) listed.add((element.propertyName ?? element.name).text);
      }
    }
    for (const statement of file.statements) {
      const declaredNames = ts.isFunctionDeclaration(statement)
        ? [statement.name?.text]
        : ts.isVariableStatement(statement)
          ? statement.declarationList.declarations.map((d) => d.name.getText())
          : [];
      const exported =
        ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export || declaredNames.some((n) => n && listed.has(n));
      if (!exported) continue;
      const candidates = ts.isFunctionDeclaration(statement)
        ? [[statement.name?.text, statement]]
        : ts.isVariableStatement(statement)
          ? statement.declarationList.declarations.map((d) => [d.name.getText(), functionOf(d)])
          : [];
      for (const [name, fn] of candidates) {
        if (!fn || !name) continue;
        const isAsync = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
        const first = fn.parameters[0]?.name;
        const takesCtx =
          first && ts.isObjectBindingPattern(first) && first.elements.some((e) => (e.propertyName ?? e.name).getText() === "ctx");
        if (!isAsync || !takesCtx) continue;
        const at = `${path.relative(ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(fn.getStart()).line + 1}`;
        const f = factsOf(fn);
        const exemption = exemptionOf(statement);
        const missing = [!f.authorizes && "does not authorize", !f.audits && "writes no audit row"].filter(Boolean);
        verbs.push({ name, at, writes: f.writes.length > 0, exempt: Boolean(exemption) });
        if (exemption) {
          if (exemption.reason.length < 10) problems.push(`${at} ${name}: the verb-exempt comment needs a reason`);
          else if (f.writes.length === 0 || missing.length === 0)
            problems.push(`${at} ${name}: stale exemption (the verb ${f.writes.length === 0 ? "does not write" : "authorizes and audits"}); remove the verb-exempt comment`);
          continue;
        }
        if (f.writes.length > 0 && missing.length > 0) {
          problems.push(
            `${at} ${name}: writes (${f.writes[0]}) but ${missing.join(" and ")}. ` +
              "Fix the verb, or add a `// verb-exempt: <reason>` comment directly above it.",
          );
        }
      }
    }
  }
  return { problems, verbs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const roots = args.length > 0 ? args : [path.join(ROOT, "packages/domain/src")];
  const { problems, verbs } = lintVerbs(roots);
  if (verbs.length === 0) {
    console.error(`lint-verbs: no verbs found under ${roots.join(", ")}; is the path right?`);
    process.exit(1);
  }
  for (const problem of problems) console.error(`lint-verbs: ${problem}`);
  const writers = verbs.filter((v) => v.writes).length;
  const exempt = verbs.filter((v) => v.exempt).length;
  console.log(`lint-verbs: ${verbs.length} verbs, ${writers} write, ${exempt} exempt, ${problems.length} problem(s)`);
  process.exit(problems.length > 0 ? 1 : 0);
}
