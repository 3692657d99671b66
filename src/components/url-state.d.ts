// Types for url-state.js (plain JS so pages run it unchanged), for the unit tests.
type Options = Iterable<unknown> | ((text: string) => unknown);
type Key = (value: any) => string;
export function defaultKey(value: unknown): string;
export function pickOption(text: string | null | undefined, options: Options, key?: Key): any;
export function rangeOption(min: number, max: number, step?: number): (text: string) => number | undefined;
export function textOption(maxLength?: number): (text: string) => string | undefined;
export function withParam(href: string, name: string, text: string | null): string;
export function requestedValue(search: string, name: string, options: Options, key?: Key): any;
export function bindUrl<T extends EventTarget & { value?: unknown }>(input: T, name: string, options?: { options?: Options; key?: Key; read?: () => unknown; write?: (value: any) => void; defaultValue?: unknown }): T;
export function searchBox(input: Element): { options: (text: string) => string | undefined; read: () => string; write: (text: string) => void };
export function dateOption(min?: string | Date | null, max?: string | Date | null): (text: string) => Date | undefined;
