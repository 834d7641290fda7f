/**
 * Name resolution: every identifier a program reads must be bound before it is read, by the
 * prelude (universe functions), an import, an earlier assignment or option, or a function
 * parameter. Flux reports the rest as `undefined identifier x` at the identifier, an import of an
 * unknown package as `invalid import path p`, and `return` outside a function as `return not
 * valid in file block`. Which names and packages exist is the standard library's business, so
 * the caller says.
 */
import { type FluxError, fluxError } from "../ast/check.js";
import type { Block, Expression, File, Package, Property, SourceLocation, Statement } from "../ast/nodes.js";

export interface NameEnvironment {
  /** Names every program can use without an import (Flux's universe package and builtins). */
  prelude: ReadonlySet<string>;
  /** Whether `import "path"` names a package that exists. */
  packageExists: (path: string) => boolean;
}

/** Scopes nest: a function body sees its parameters, then everything its definition saw. */
class Scope {
  private readonly names = new Set<string>();
  constructor(private readonly parent?: Scope) {}

  define(name: string): void {
    this.names.add(name);
  }

  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }

  child(): Scope {
    return new Scope(this);
  }
}

const noLocation: SourceLocation = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/** The errors name resolution finds, in source order; empty when every name is bound. */
export function resolveNames(pkg: Package, environment: NameEnvironment): FluxError[] {
  const errors: FluxError[] = [];
  for (const file of pkg.files) new Resolver(errors).file(file, environment);
  return errors;
}

/** The name an import binds: its alias, or the last segment of its path (`"influxdata/influxdb/v1"` → `v1`). */
export function importName(path: string, alias: string | undefined): string {
  return alias ?? path.slice(path.lastIndexOf("/") + 1);
}

class Resolver {
  constructor(private readonly errors: FluxError[]) {}

  file(file: File, environment: NameEnvironment): void {
    const prelude = new Scope();
    for (const name of environment.prelude) prelude.define(name);
    const scope = prelude.child();
    for (const declaration of file.imports) {
      const path = declaration.path.value;
      if (!environment.packageExists(path)) {
        this.report(declaration.location, `invalid import path ${path}`);
      }
      scope.define(importName(path, declaration.as?.name));
    }
    for (const statement of file.body) {
      if (statement.type === "ReturnStatement") this.report(statement.location, "return not valid in file block");
      this.statement(statement, scope);
    }
  }

  private report(location: SourceLocation | undefined, message: string): void {
    this.errors.push(fluxError(location ?? noLocation, message));
  }

  private statement(statement: Statement, scope: Scope): void {
    switch (statement.type) {
      case "VariableAssignment":
        this.expression(statement.init, scope);
        scope.define(statement.id.name);
        return;
      case "OptionStatement": {
        const assignment = statement.assignment;
        this.expression(assignment.init, scope);
        if (assignment.type === "VariableAssignment") scope.define(assignment.id.name);
        else this.expression(assignment.member.object, scope);
        return;
      }
      case "ExpressionStatement":
        this.expression(statement.expression, scope);
        return;
      case "ReturnStatement":
        this.expression(statement.argument, scope);
        return;
      case "TestCaseStatement":
        this.block(statement.block, scope.child());
        return;
      case "BuiltinStatement":
        scope.define(statement.id.name);
        return;
      case "BadStatement":
        return;
    }
  }

  private block(block: Block, scope: Scope): void {
    for (const statement of block.body) this.statement(statement, scope);
  }

  private properties(properties: readonly Property[], scope: Scope): void {
    for (const property of properties) {
      if (property.value !== null) this.expression(property.value, scope);
      // `{a}` is shorthand for `{a: a}`: the key is also a read of `a`.
      else if (property.key.type === "Identifier") this.expression(property.key, scope);
    }
  }

  private expression(expression: Expression, scope: Scope): void {
    switch (expression.type) {
      case "Identifier":
        if (!scope.has(expression.name)) this.report(expression.location, `undefined identifier ${expression.name}`);
        return;
      case "FunctionExpression": {
        const inner = scope.child();
        // Defaults are evaluated where the function is defined, not inside it.
        for (const param of expression.params) if (param.value !== null) this.expression(param.value, scope);
        for (const param of expression.params) if (param.key.type === "Identifier") inner.define(param.key.name);
        if (expression.body.type === "Block") this.block(expression.body, inner);
        else this.expression(expression.body, inner);
        return;
      }
      case "CallExpression":
        this.expression(expression.callee, scope);
        for (const argument of expression.arguments ?? []) this.expression(argument, scope);
        return;
      case "PipeExpression":
        this.expression(expression.argument, scope);
        this.expression({ ...expression.call, type: "CallExpression" }, scope);
        return;
      case "ObjectExpression":
        if (expression.with !== undefined) this.expression({ ...expression.with, type: "Identifier" }, scope);
        this.properties(expression.properties, scope);
        return;
      case "MemberExpression":
        // Only the object is a name; the property is a label looked up in its value.
        this.expression(expression.object, scope);
        return;
      case "IndexExpression":
        this.expression(expression.array, scope);
        this.expression(expression.index, scope);
        return;
      case "BinaryExpression":
      case "LogicalExpression":
        this.expression(expression.left, scope);
        this.expression(expression.right, scope);
        return;
      case "UnaryExpression":
        this.expression(expression.argument, scope);
        return;
      case "ConditionalExpression":
        this.expression(expression.test, scope);
        this.expression(expression.consequent, scope);
        this.expression(expression.alternate, scope);
        return;
      case "ArrayExpression":
        for (const element of expression.elements) this.expression(element, scope);
        return;
      case "DictExpression":
        for (const element of expression.elements) {
          this.expression(element.key, scope);
          this.expression(element.val, scope);
        }
        return;
      case "StringExpression":
        for (const part of expression.parts) if (part.type === "InterpolatedPart") this.expression(part.expression, scope);
        return;
      case "ParenExpression":
        this.expression(expression.expression, scope);
        return;
      case "BadExpression":
        if (expression.expression !== null) this.expression(expression.expression, scope);
        return;
      default:
        // Literals and `<-` read no names.
        return;
    }
  }
}
