// Nelder–Mead downhill simplex minimisation, in the variant InfluxDB 1.x uses to fit Holt-Winters
// (regular initial simplex around the start, reflection 1, contraction 0.5, expansion 2, at most
// 1000 iterations, stop when the spread of the simplex's values falls under epsilon). The
// objective may adjust the point it is given (Holt-Winters clamps its parameters in place), and
// that adjusted point is what the simplex keeps.

const REFLECTION = 1;
const CONTRACTION = 0.5;
const EXPANSION = 2;
const MAX_ITERATIONS = 1000;

export interface Minimum {
  value: number;
  point: number[];
}

export function minimize(objective: (point: number[]) => number, start: readonly number[], epsilon: number, scale: number): Minimum {
  const n = start.length;
  // A regular simplex with one vertex at the start.
  const p = (scale * (Math.sqrt(n + 1) - 1 + n)) / (n * Math.SQRT2);
  const q = (scale * (Math.sqrt(n + 1) - 1)) / (n * Math.SQRT2);
  const vertices: number[][] = [start.slice()];
  for (let i = 1; i <= n; i++) vertices.push(start.map((s, j) => (i - 1 === j ? p : q) + s));
  const values = vertices.map((v) => objective(v));
  const centroid = new Array<number>(n).fill(0);

  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    let worst = 0;
    let best = 0;
    for (let i = 0; i <= n; i++) {
      if (values[i]! > values[worst]!) worst = i;
      if (values[i]! < values[best]!) best = i;
    }
    let second = best;
    for (let i = 0; i <= n; i++) if (values[i]! > values[second]! && values[i]! < values[worst]!) second = i;

    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i <= n; i++) if (i !== worst) sum += vertices[i]![j]!;
      centroid[j] = sum / n;
    }
    const replaceWorst = (point: number[], value: number): void => {
      for (let j = 0; j < n; j++) vertices[worst]![j] = point[j]!;
      values[worst] = value;
    };

    const reflected = centroid.map((c, j) => c + REFLECTION * (c - vertices[worst]![j]!));
    const fr = objective(reflected);
    if (fr < values[second]! && fr >= values[best]!) replaceWorst(reflected, fr);
    if (fr < values[best]!) {
      const expanded = centroid.map((c, j) => c + EXPANSION * (reflected[j]! - c));
      const fe = objective(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
    }
    if (fr >= values[second]!) {
      // Outside contraction when the reflection beat the worst vertex, inside otherwise.
      const contracted =
        fr < values[worst]! ? centroid.map((c, j) => c + CONTRACTION * (reflected[j]! - c)) : centroid.map((c, j) => c - CONTRACTION * (c - vertices[worst]![j]!));
      const fc = objective(contracted);
      if (fc < values[worst]!) replaceWorst(contracted, fc);
      else {
        // Shrink towards the best vertex; as in the original, only the worst and second-worst
        // vertices are evaluated again.
        for (let i = 0; i <= n; i++) {
          if (i === best) continue;
          for (let j = 0; j < n; j++) vertices[i]![j] = vertices[best]![j]! + (vertices[i]![j]! - vertices[best]![j]!) / 2;
        }
        values[worst] = objective(vertices[worst]!);
        values[second] = objective(vertices[second]!);
      }
    }

    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / (n + 1);
    let spread = 0;
    for (const v of values) spread += (v - mean) ** 2 / n;
    if (Math.sqrt(spread) < epsilon) break;
  }

  let best = 0;
  for (let i = 0; i <= n; i++) if (values[i]! < values[best]!) best = i;
  const point = vertices[best]!.slice();
  return { value: objective(vertices[best]!), point };
}
