// `npm run serve` must survive what a browser or a scanner may send: a malformed %-escape gets
// 400 and the server goes on answering (it used to exit on decodeURIComponent's URIError).
import { spawn } from "node:child_process";
import { request } from "node:http";
import { expect, onTestFinished, test } from "vitest";
import { projectRoot } from "../../data-loaders/pipeline/paths.ts";

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the static server answers malformed URLs with 400 and keeps serving", async () => {
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve-dist.ts", "--port", "0"], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  onTestFinished(() => { server.kill(); });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  expect(await get(port, "/%E0%A4%A")).toBe(400);
  expect(await get(port, "/%")).toBe(400);
  expect(await get(port, "/data/%C0%80.json")).toBe(400); // an overlong UTF-8 form is malformed too
  // Still running, and a well-formed URL gets an ordinary answer (the page, or 404 without a dist/).
  expect([200, 404]).toContain(await get(port, "/"));
  expect(await get(port, "/no-such-page")).toBe(404);
  expect(server.exitCode).toBeNull();
});
