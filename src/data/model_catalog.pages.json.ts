// The small part of the model catalog every report page reads at its foot (models-behind.js):
// each page with the models its figures are drawn from, their layer and description.
import { loadConfig } from "../../data-loaders/pipeline/config.ts";
import { emitJson } from "../../data-loaders/site/emit-mart.ts";
import { buildModelCatalog } from "../../data-loaders/site/model-catalog.ts";

await emitJson(async () => {
  const catalog = await buildModelCatalog({ config: loadConfig() });
  const byName = new Map(catalog.nodes.map((n) => [n.name, n]));
  return catalog.pages.map((page) => ({
    path: page.path,
    title: page.title,
    models: page.models.map((name) => ({ name, description: firstSentence(byName.get(name)!.description) })),
  }));
});

function firstSentence(text: string | null): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/[.](\s|$)/);
  return end > 0 ? flat.slice(0, end + 1) : flat;
}
