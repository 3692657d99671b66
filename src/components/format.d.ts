// Types for format.js (plain JS so pages run it unchanged), for the unit tests.
export function formatInteger(value: unknown): string;
export function formatDecimal(value: unknown): string;
export function formatCompact(value: unknown): string;
export function formatPercent(value: unknown, digits?: number): string;
export function formatDuration(value: unknown): string;
export function formatCount(value: unknown, singular: string, plural?: string): string;
export function formatDate(value: unknown): string;
export function moneyFormat(currency: string, options?: { digits?: number }): (value: unknown) => string;
export function columnLabel(name: string): string;
export const dash: string;
export function isMissing(value: unknown): boolean;
export function formatFixed(value: unknown, digits?: number): string;
export function formatSignificant(value: unknown, digits?: number): string;
export function formatTimes(value: unknown, digits?: number): string;
export function plural(count: unknown, singular: string, pluralForm?: string): string;
export function formatIsoDate(value: unknown): string;
