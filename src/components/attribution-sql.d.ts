// Types of attribution-sql.js for the TypeScript models and tests that import it.
export declare const heuristicModels: string[];
export declare const modelLabels: Record<string, string>;
export declare const directChannel: string;
export declare function windowedTouchesSql(options: { touches?: string; lookbackDays: number }): string;
export declare function heuristicCreditsSql(options: {
  journeys?: string;
  touches?: string;
  lookbackDays: number;
  halfLifeDays: number;
  shares: { first: number; middle: number; last: number } | Record<string, number>;
}): string;
export declare function journeyPathsSql(options: { journeys?: string; touches?: string; lookbackDays: number }): string;
