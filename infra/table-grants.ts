/**
 * Table grants computed from the code. Starting at a function's handler module, follow what the code
 * references — declarations of the same module, named and namespace imports into other modules of
 * functions/ — declaration by declaration (not whole modules: a read-only page that imports one
 * helper from the intake module must not inherit intake's writes), and collect every storage method
 * it calls (functions/adapters/table-access.ts). The grant is the union of what those methods send.
 *
 * The implementations themselves (the repository, its read cache, the counters) are not followed:
 * they define the calls, they do not choose them. The analysis is syntactic (the TypeScript parser,
 * no type checker): a method is recognised by name, so it can only over-grant a same-named call,
 * never miss one made through a property access.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { STORAGE_IMPLEMENTATIONS, storageCalls, type TableAction } from '../functions/adapters/table-access.js';
import type { IndexName } from '../functions/config/table.js';

export const FUNCTIONS_DIR = resolve(import.meta.dirname, '..', 'functions');
export const handlerPath = (entry: string) => join(FUNCTIONS_DIR, 'handlers', entry);

export interface TableGrant {
  /** Storage methods the code calls, sorted. */
  calls: string[];
  tableActions: TableAction[];
  indexes: IndexName[];
}

interface ModuleInfo {
  file: string;
  /** Top-level declarations by name (functions, variables, classes). */
  declarations: Map<string, ts.Node[]>;
  /** Local name → (module, exported name) for named imports and `export { x } from`. */
  imports: Map<string, { file: string; name: string }>;
  /** Local name → module for `import * as m`. */
  namespaces: Map<string, string>;
  /** Statements that run at import (not declarations). */
  sideEffects: ts.Node[];
}

const modules = new Map<string, ModuleInfo | undefined>();

function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
  return target.startsWith(FUNCTIONS_DIR) && existsSync(target) ? target : undefined;
}

function moduleInfo(file: string): ModuleInfo | undefined {
  if (modules.has(file)) return modules.get(file);
  if (STORAGE_IMPLEMENTATIONS.includes(relative(FUNCTIONS_DIR, file))) { modules.set(file, undefined); return undefined; }
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const info: ModuleInfo = { file, declarations: new Map(), imports: new Map(), namespaces: new Map(), sideEffects: [] };
  const declare = (name: string, node: ts.Node) => info.declarations.set(name, [...(info.declarations.get(name) ?? []), node]);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = resolveSpecifier(file, st.moduleSpecifier.text);
      const clause = st.importClause;
      if (!target || !clause || clause.isTypeOnly) continue;
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) info.namespaces.set(clause.namedBindings.name.text, target);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) info.imports.set(el.name.text, { file: target, name: (el.propertyName ?? el.name).text });
      }
      if (clause.name) info.imports.set(clause.name.text, { file: target, name: 'default' });
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = resolveSpecifier(file, st.moduleSpecifier.text);
      if (target && st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) info.imports.set(el.name.text, { file: target, name: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
      if (st.name) declare(st.name.text, st);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) declare(d.name.text, d);
        else info.sideEffects.push(d); // destructuring: follow it whole
      }
    } else if (!ts.isInterfaceDeclaration(st) && !ts.isTypeAliasDeclaration(st) && !ts.isExportDeclaration(st)) {
      info.sideEffects.push(st);
    }
  }
  modules.set(file, info);
  return info;
}

export function tableGrantFor(entry: string): TableGrant {
  const calls = new Set<string>();
  const visited = new Set<ts.Node>();
  const visitedModules = new Set<string>();
  const queue: { info: ModuleInfo; node: ts.Node }[] = [];

  const enterModule = (file: string) => {
    const info = moduleInfo(file);
    if (!info || visitedModules.has(file)) return info;
    visitedModules.add(file);
    for (const node of info.sideEffects) queue.push({ info, node });
    return info;
  };
  const follow = (file: string, name: string) => {
    const info = enterModule(file);
    if (!info) return;
    for (const node of info.declarations.get(name) ?? []) queue.push({ info, node });
    const reexport = info.imports.get(name);
    if (reexport) follow(reexport.file, reexport.name);
  };
  const resolveName = (info: ModuleInfo, name: string) => {
    for (const node of info.declarations.get(name) ?? []) queue.push({ info, node });
    const imported = info.imports.get(name);
    if (imported) follow(imported.file, imported.name);
  };

  const root = enterModule(resolve(entry));
  if (!root) throw new Error(`${entry}: not a module under functions/`);
  for (const nodes of root.declarations.values()) for (const node of nodes) queue.push({ info: root, node });

  while (queue.length) {
    const { info, node } = queue.pop()!;
    if (visited.has(node)) continue;
    visited.add(node);
    const walk = (n: ts.Node): void => {
      if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
      if (ts.isPropertyAccessExpression(n)) {
        const name = n.name.text;
        // `createHash(…).update(…)` is hashing, not the repository's update: a storage call is made on
        // a repository reference (repo.update, deps.repo.update), never on a call's result.
        if (Object.hasOwn(storageCalls, name) && !ts.isCallExpression(n.expression)) calls.add(name);
        if (ts.isIdentifier(n.expression) && info.namespaces.has(n.expression.text)) follow(info.namespaces.get(n.expression.text)!, name);
        walk(n.expression);
        return;
      }
      if (ts.isIdentifier(n)) resolveName(info, n.text);
      ts.forEachChild(n, walk);
    };
    walk(node);
  }

  const tableActions = new Set<TableAction>();
  const indexes = new Set<IndexName>();
  for (const name of calls) {
    for (const a of storageCalls[name]!.table) tableActions.add(a);
    for (const i of storageCalls[name]!.indexes ?? []) indexes.add(i);
  }
  return { calls: [...calls].sort(), tableActions: [...tableActions].sort(), indexes: [...indexes].sort() };
}
