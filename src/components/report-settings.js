// The build's resolved settings (report_settings.json, from the report_settings mart): the vars of
// data-loaders/models/vars.yml, each filled with its default there and nowhere else. Pages read
// them through this, never with a fallback of their own: a setting the file lacks is an error that
// names it, not a silent "GBP" or 28.
const names = {
  currency: ["currency", String],
  churnWindowDays: ["churn_window_days", Number],
  mauWindowDays: ["mau_window_days", Number],
  conversionWindowDays: ["experiment_conversion_window_days", Number],
  customerValueBasis: ["customer_value_basis", String],
};

/** report_settings.json's rows ({ name, value, description }) as an object of typed settings. */
export function reportSettings(rows) {
  const values = new Map(rows.map((d) => [d.name, d.value]));
  const settings = {};
  for (const [key, [name, type]] of Object.entries(names)) {
    Object.defineProperty(settings, key, {
      enumerable: true,
      get() {
        const value = values.get(name);
        if (value === undefined || value === null) throw new Error(`report_settings.json has no value for "${name}" (data-loaders/models/vars.yml declares its default; rebuild the marts)`);
        return type(value);
      },
    });
  }
  return settings;
}
