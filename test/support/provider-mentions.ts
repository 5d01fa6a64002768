/**
 * Finds where a TypeScript file names a provider: a string literal or an object key equal to a
 * provider type (or profile, emulator or conformance-column name), or an import that reaches into
 * a provider's folder (`src/providers/<type>/`, `test/emulators/<type>/`). Parsed with the
 * TypeScript compiler's own parser, so comments and identifiers in code are not mistaken for names.
 *
 * Two uses of those names are not provider declarations and are told apart by their syntax:
 * - the client dialects are also called `openai` and `anthropic`; a literal is a dialect name when
 *   what it is compared with, assigned to, typed as or passed for is named `dialect` (and a plain
 *   object key with a dialect's name is never counted);
 * - a gateway config written as a user writes it (`providers.<name>.type`, the keys of `providers`,
 *   `targets[].provider`) uses providers and declares nothing about them.
 */
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

export interface Mention {
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  line: number;
  /** The name, or the import specifier. */
  text: string;
}

/** Parameter names of every function, method and constructor, by callee name (syntactic). */
export type ParamIndex = Map<string, string[][]>;

const DIALECT = /dialect/i;
/** A path inside one provider's folder or one emulator's folder. */
export const PROVIDER_FOLDER = /^(src\/providers|test\/emulators)\/[^/]+\//;

export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** Adds the parameter names of `source`'s functions, methods and constructors to `index`. */
export function indexParams(source: ts.SourceFile, index: ParamIndex): void {
  const add = (name: string | undefined, params: ts.NodeArray<ts.ParameterDeclaration>) => {
    if (!name) return;
    const list = index.get(name) ?? [];
    list.push(params.map((p) => p.name.getText(source)));
    index.set(name, list);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
      add(node.name.getText(source), node.parameters);
    if (ts.isConstructorDeclaration(node) && ts.isClassDeclaration(node.parent))
      add(node.parent.name?.text, node.parameters);
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isArrowFunction(node.initializer))
      add(node.name.getText(source), node.initializer.parameters);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The name of an expression's last part: `dialect` for `ctx.dialect`, `f` for `a.f`. */
function tailName(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) return tailName(node.expression);
  return undefined;
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * What the value at `node` is for: the names it is compared with, assigned to, declared as or
 * passed for (with declared types' text), from the nearest outwards, up to its statement.
 */
function purposeOf(node: ts.Node, params: ParamIndex): string[] {
  const names: string[] = [];
  let child = node;
  for (let p = node.parent; p && !ts.isBlock(p) && !ts.isSourceFile(p); child = p, p = p.parent) {
    if (ts.isBinaryExpression(p) && EQUALITY.has(p.operatorToken.kind)) {
      names.push(tailName(p.left === child ? p.right : p.left) ?? "");
    } else if (ts.isCaseClause(p) && ts.isSwitchStatement(p.parent.parent)) {
      names.push(tailName(p.parent.parent.expression) ?? "");
    } else if (ts.isPropertyAssignment(p) && p.name === child) {
      // a key: what the object is for decides
    } else if (
      ts.isPropertyAssignment(p) ||
      ts.isPropertySignature(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isVariableDeclaration(p) ||
      ts.isTypeAliasDeclaration(p)
    ) {
      names.push(p.name.getText());
      if (!ts.isPropertyAssignment(p) && p.type) names.push(p.type.getText());
    } else if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== child) {
      const i = p.arguments?.indexOf(child as ts.Expression) ?? -1;
      for (const decl of params.get(tailName(p.expression) ?? "") ?? []) names.push(decl[i] ?? "");
    }
  }
  return names;
}

/** The property a node is the value (or key) of, and the object literal holding it. */
function propertyOf(node: ts.Node): { name: string; object: ts.ObjectLiteralExpression } | undefined {
  const p = node.parent;
  if (!p || !ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.parent)) return undefined;
  return { name: p.name.getText(), object: p.parent };
}

/** True when `node` sits where a gateway config names a provider instance or its type. */
function inGatewayConfig(node: ts.Node): boolean {
  const prop = propertyOf(node);
  if (!prop) return false;
  const owner = propertyOf(prop.object);
  if (node.parent && (node.parent as ts.PropertyAssignment).name === node) {
    return owner?.name === "providers"; // `providers: { <name>: … }`
  }
  if (prop.name === "type") return owner !== undefined && propertyOf(owner.object)?.name === "providers";
  if (prop.name === "provider" && ts.isArrayLiteralExpression(prop.object.parent)) {
    return propertyOf(prop.object.parent)?.name === "targets";
  }
  return false;
}

function isModuleSpecifier(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return p.moduleSpecifier === node;
  if (ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p)) return ts.isImportTypeNode(p.parent);
  return ts.isCallExpression(p) && p.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/** The repository path an import specifier reaches, when it is relative. */
function importTarget(root: string, file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return relative(root, join(dirname(join(root, file)), specifier))
    .split(sep)
    .join("/");
}

export interface ScanOptions {
  root: string;
  /** Provider types, profiles, emulator and conformance-column names. */
  names: ReadonlySet<string>;
  /** Names that are also client dialects (`openai`, `anthropic`). */
  dialects: ReadonlySet<string>;
  params: ParamIndex;
}

/** Every provider mention in one file that is neither a dialect name nor a gateway config. */
export function mentionsIn(file: string, source: ts.SourceFile, opts: ScanOptions): Mention[] {
  const found: Mention[] = [];
  const at = (node: ts.Node, text: string) =>
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  const isKey = (node: ts.Node) =>
    node.parent !== undefined &&
    (ts.isPropertyAssignment(node.parent) || ts.isPropertySignature(node.parent)) &&
    node.parent.name === node;
  const visit = (node: ts.Node): void => {
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    if (literal && isModuleSpecifier(node)) {
      const target = importTarget(opts.root, file, node.text);
      if (target && PROVIDER_FOLDER.test(target)) at(node, node.text);
    } else if (literal && opts.names.has(node.text)) {
      const dialect =
        opts.dialects.has(node.text) && purposeOf(node, opts.params).some((n) => DIALECT.test(n));
      if (!dialect && !inGatewayConfig(node)) at(node, node.text);
    } else if (ts.isIdentifier(node) && isKey(node) && opts.names.has(node.text)) {
      // why: objects keyed by dialect (`extra.openai`, a carried `anthropic` block) are common and
      // plain keys carry no purpose to read, so only keys no dialect shares count.
      if (!opts.dialects.has(node.text) && !inGatewayConfig(node)) at(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
