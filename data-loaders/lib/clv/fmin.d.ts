// Types for the part of fmin (benfred/fmin, BSD-3-Clause) the fits use; the package ships none.
declare module "fmin" {
  export interface Point {
    x: number[];
    fx: number;
    fxprime: number[];
  }
  export function conjugateGradient(
    f: (x: number[], gradient: number[]) => number,
    initial: number[],
    params?: { maxIterations?: number; history?: unknown[] },
  ): Point;
}
