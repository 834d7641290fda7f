/**
 * Where names live. Names are resolved once, when an expression is compiled, to a slot in a frame
 * a known number of frames up, so running a compiled function never looks a name up by string.
 */
import type { Value } from "../values/value.js";

/** The values of one function call (or of the program), with the frame it was defined in. */
export interface Frame {
  readonly slots: Value[];
  readonly parent: Frame | undefined;
}

export type Resolution = { kind: "slot"; hops: number; slot: number } | { kind: "constant"; value: Value };

export class CompileScope {
  private readonly slots = new Map<string, number>();
  private size = 0;

  private constructor(
    private readonly parent: CompileScope | undefined,
    private readonly constants: ReadonlyMap<string, Value>,
  ) {}

  /** The outermost scope: prelude functions and imported packages, known before running. */
  static root(constants: ReadonlyMap<string, Value>): CompileScope {
    return new CompileScope(undefined, constants);
  }

  /** A scope for a function body, whose frame is created per call. */
  child(): CompileScope {
    return new CompileScope(this, new Map());
  }

  /** Binds a name in this scope; a later binding of the same name shadows the earlier one. */
  define(name: string): number {
    const slot = this.size++;
    this.slots.set(name, slot);
    return slot;
  }

  /** How many slots a frame for this scope needs. */
  get frameSize(): number {
    return this.size;
  }

  resolve(name: string): Resolution | undefined {
    let hops = 0;
    for (let scope: CompileScope | undefined = this; scope !== undefined; scope = scope.parent, hops++) {
      const slot = scope.slots.get(name);
      if (slot !== undefined) return { kind: "slot", hops, slot };
      const value = scope.constants.get(name);
      if (value !== undefined) return { kind: "constant", value };
    }
    return undefined;
  }
}

export function newFrame(size: number, parent: Frame | undefined): Frame {
  return { slots: new Array<Value>(size), parent };
}
