// Gradio's JavaScript client (@gradio/client, pinned in package.json) against a running
// app: `node client_checks.mjs <check> <url>` prints one JSON line with what it saw.
// Run by tests/node/test_gradio_js_client.py.
import { Client, handle_file } from "@gradio/client";

const [check, url] = process.argv.slice(2);

/** Every event of a submit, as [type, data or stage]. */
async function events(job, stopAfter = Infinity, onEach = async () => {}) {
  const seen = [];
  for await (const ev of job) {
    if (ev.type === "data") seen.push(["data", ev.data]);
    else if (ev.type === "status") seen.push(["status", ev.stage]);
    await onEach(ev, seen);
    if (seen.filter(([t]) => t === "data").length >= stopAfter) break;
  }
  return seen;
}

const checks = {
  async predict(app) {
    const result = await app.predict("/greet", { name: "Ada" });
    let error = null;
    try {
      await app.predict("/greet", { name: "nobody" });
    } catch (e) {
      error = e && (e.message ?? String(e));
    }
    return { data: result.data, error };
  },
  async stream(app) {
    const seen = await events(app.submit("/count", { n: 4 }));
    return { data: seen.filter(([t]) => t === "data").map(([, d]) => d), stages: seen.filter(([t]) => t === "status").map(([, s]) => s) };
  },
  async files(app) {
    // a 1x1 PNG, uploaded through the client's own upload
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
      "base64",
    );
    const result = await app.predict("/size", { image: handle_file(new Blob([png], { type: "image/png" })) });
    const out = result.data[1];
    const fetched = out && out.url ? await fetch(out.url) : null;
    return { text: result.data[0], url: out && out.url, status: fetched && fetched.status };
  },
  async cancel(app) {
    const job = app.submit("/endless", {});
    let cancelled = false;
    const seen = await events(job, Infinity, async (ev, so_far) => {
      if (!cancelled && so_far.filter(([t]) => t === "data").length >= 2) {
        cancelled = true;
        await job.cancel();
      }
    });
    return { data_count: seen.filter(([t]) => t === "data").length, cancelled };
  },
  async view_api(app) {
    const info = await app.view_api();
    return {
      named: Object.keys(info.named_endpoints).sort(),
      greet: info.named_endpoints["/greet"].parameters.map((p) => [p.parameter_name, p.component]),
    };
  },
};

const app = await Client.connect(url, { events: ["data", "status"] });
const result = await checks[check](app);
console.log(JSON.stringify(result));
process.exit(0);
