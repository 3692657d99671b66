// A static server that behaves like GitHub Pages: /path serves path.html, /dir/ serves
// dir/index.html, and with a base path (/repo) the site lives under it as a project site does.
//   npm run serve -- [--base /repo] [--port 8080]
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../data-loaders/pipeline/paths.ts";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json",
  ".wasm": "application/wasm", ".parquet": "application/octet-stream", ".arrow": "application/vnd.apache.arrow.file",
  ".png": "image/png", ".svg": "image/svg+xml", ".csv": "text/csv",
};

export function serveDirectory(dir: string, { port = 0, basePath = "" } = {}): Promise<Server> {
  const server = createServer(async (request, response) => {
    let path: string;
    try {
      path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
    } catch {
      // A malformed URL (a broken %-escape such as /%E0%A4%A) is the client's error, not the server's end.
      response.writeHead(400, { "content-type": "text/plain" });
      return response.end("bad request: malformed URL");
    }
    if (basePath) {
      if (path !== basePath && !path.startsWith(basePath + "/")) return notFound(response);
      path = path.slice(basePath.length) || "/";
    }
    let file = join(dir, path);
    if (!file.startsWith(dir)) return notFound(response);
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
    else if (!extname(file)) file += ".html";
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      notFound(response);
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

function notFound(response: import("node:http").ServerResponse): void {
  response.writeHead(404, { "content-type": "text/plain" });
  response.end("not found");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { base: { type: "string", default: "" }, port: { type: "string", default: "8080" } } });
  const server = await serveDirectory(join(projectRoot, "dist"), { port: Number(values.port), basePath: values.base });
  const address = server.address() as { port: number };
  console.log(`serving dist/ on http://127.0.0.1:${address.port}${values.base}/`);
}
