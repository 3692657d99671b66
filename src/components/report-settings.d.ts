export interface ReportSettings {
  readonly currency: string;
  readonly churnWindowDays: number;
  readonly mauWindowDays: number;
  readonly conversionWindowDays: number;
  readonly customerValueBasis: string;
}
export function reportSettings(rows: { name: string; value: string | null }[]): ReportSettings;
