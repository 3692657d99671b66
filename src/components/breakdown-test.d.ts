type Gammainc = (x: number, a: number, regularized?: boolean, upper?: boolean) => number;
export declare const chiSquareUpperTail: (gammainc: Gammainc, x: number, df: number) => number;
export interface ChiSquareResult { units: number; completed: number; chi_square: number | null; df: number; p_value: number | null; min_expected: number | null }
export declare function chiSquareIndependence(cells: { units: number; completed: number }[], gammainc: Gammainc): ChiSquareResult;
export declare function breakdownTest(stepRows: Record<string, unknown>[], gammainc: Gammainc): ChiSquareResult & { groups: number };
export declare const observationalCaution: string;
