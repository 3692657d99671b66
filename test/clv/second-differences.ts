// Second derivatives of a function of a few variables by central differences of its values, the
// independent reference the likelihoods' analytic Hessians are checked against.
export function differencedHessian(f: (point: number[]) => number, point: number[], h: number): number[][] {
  const at = (steps: Array<[number, number]>) => f(point.map((v, i) => v + steps.reduce((sum, [j, s]) => sum + (j === i ? s * h : 0), 0)));
  return point.map((_, j) => point.map((_, k) => (at([[j, 1], [k, 1]]) - at([[j, 1], [k, -1]]) - at([[j, -1], [k, 1]]) + at([[j, -1], [k, -1]])) / (4 * h * h)));
}
