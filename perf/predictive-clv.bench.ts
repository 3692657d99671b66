// Predictive value at scale: BG/NBD and Gamma-Gamma fits and the per-customer predictions for
// 100,000 and 1,000,000 synthetic customers drawn from known parameters in whole days (as the
// store summary gives them). Reports the median of the runs per phase, as wall time and as this
// process's CPU time (the machine is shared, so CPU time is the steadier figure); target: at most
// 10 s for 1M customers (reported, not a timed test). Usage: npm run bench:predictive-clv [-- sizes runs]
import { createPredictor } from "../data-loaders/lib/clv/customer-predictions.ts";
import { fitBgNbd, fitGammaGamma } from "../data-loaders/lib/clv/fit.ts";
import { repeatBuyerSpend } from "../data-loaders/lib/clv/gamma-gamma-likelihood.ts";
import { groupCustomers } from "../data-loaders/lib/clv/groups.ts";
import { clvSettingsFromVars } from "../data-loaders/lib/clv/settings.ts";
import { simulateCustomers } from "../data-loaders/lib/clv/simulate.ts";
import { fmt, median } from "./stats.ts";

const sizes = (process.argv[2] ?? "100000,1000000").split(",").map(Number);
const runs = Number(process.argv[3] ?? 3);
const truth = { r: 0.6, alpha: 30, a: 0.8, b: 3 };
const spendTruth = { p: 4, q: 3.5, gamma: 150 };
const settings = clvSettingsFromVars({});

for (const size of sizes) {
  const customers = simulateCustomers(truth, spendTruth, { customers: size, minAge: 1, maxAge: 730, seed: 11, wholeDays: true });
  const phases: Record<string, number[]> = { group: [], bgnbd: [], gammaGamma: [], predict: [], total: [] };
  const cpu: Record<string, number[]> = { group: [], bgnbd: [], gammaGamma: [], predict: [], total: [] };
  // Process CPU time in ms (user + system, all threads: GC included).
  const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let summary = "";
  for (let run = 0; run < runs; run++) {
    const start = performance.now(), cpuStart = cpuNow();
    const groups = groupCustomers(customers);
    const grouped = performance.now(), cpuGrouped = cpuNow();
    const fit = fitBgNbd(groups);
    const fitted = performance.now(), cpuFitted = cpuNow();
    const repeat = repeatBuyerSpend(customers);
    const spendFit = fitGammaGamma(repeat);
    const spent = performance.now(), cpuSpent = cpuNow();
    const predict = createPredictor(fit.parameters, spendFit.parameters, settings);
    let value = 0;
    for (const c of customers) value += predict(c).predicted_value ?? 0;
    const predicted = performance.now(), cpuPredicted = cpuNow();
    phases.group.push(grouped - start);
    phases.bgnbd.push(fitted - grouped);
    phases.gammaGamma.push(spent - fitted);
    phases.predict.push(predicted - spent);
    phases.total.push(predicted - start);
    cpu.group.push(cpuGrouped - cpuStart);
    cpu.bgnbd.push(cpuFitted - cpuGrouped);
    cpu.gammaGamma.push(cpuSpent - cpuFitted);
    cpu.predict.push(cpuPredicted - cpuSpent);
    cpu.total.push(cpuPredicted - cpuStart);
    const p = fit.parameters, s = spendFit.parameters;
    summary = `${groups.x.length.toLocaleString("en-US")} distinct (x, t_x, T); BG/NBD r ${p.r.toFixed(3)} alpha ${p.alpha.toFixed(2)} a ${p.a.toFixed(3)} b ${p.b.toFixed(3)} (converged ${fit.converged}); ` +
      `Gamma-Gamma p ${s.p.toFixed(2)} q ${s.q.toFixed(2)} gamma ${s.gamma.toFixed(1)} on ${repeat.x.length.toLocaleString("en-US")} repeat buyers (converged ${spendFit.converged}); total value ${Math.round(value).toLocaleString("en-US")}`;
    process.stderr.write(`${size.toLocaleString("en-US")} customers, run ${run + 1}/${runs}: ${fmt(predicted - start)}\n`);
  }
  console.log(`\n${size.toLocaleString("en-US")} customers (truth r ${truth.r} alpha ${truth.alpha} a ${truth.a} b ${truth.b}; p ${spendTruth.p} q ${spendTruth.q} gamma ${spendTruth.gamma})`);
  console.log(`  ${summary}`);
  for (const [phase, times] of Object.entries(phases)) {
    console.log(`  ${phase.padEnd(11)} wall median ${fmt(median(times))} (runs: ${times.map(fmt).join(", ")}); CPU median ${fmt(median(cpu[phase]))} (runs: ${cpu[phase].map(fmt).join(", ")})`);
  }
}
