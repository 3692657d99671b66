export function pairsSql(options: { baskets: string; minSupport?: number; anchor?: string | null }): string;
