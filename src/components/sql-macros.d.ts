export declare const sqlMacros: Record<string, string>;
export declare function macroStatements(options?: { temporary?: boolean }): string[];
