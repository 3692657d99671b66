// Types for format.js (plain JS so pages run it unchanged), for the unit tests.
export function formatInteger(value: unknown): string;
export function formatDecimal(value: unknown): string;
export function formatPercent(value: unknown, digits?: number): string;
export function formatCount(value: unknown, singular: string, plural?: string): string;
export function formatDate(value: unknown): string;
export function moneyFormat(currency: string, options?: { digits?: number }): (value: unknown) => string;
export function columnLabel(name: string): string;
