// Experiments on new visitors: who is assigned, to which arm, whether the assignment is logged,
// and how the arm changes the visitor's conversion probability. Tallies what was planted.
import type { Calendar } from "./calendar.ts";
import { devices, experiments, type ExperimentSpec } from "./parameters.ts";
import type { Random } from "./random.ts";

export interface ArmTally {
  /** Users whose assignment was written to experiment_assignments. */
  logged: number;
  loggedConverted: number;
  /** Sum of the logged users' true conversion probabilities: the expected number of converters. */
  loggedExpected: number;
  /** Users assigned (and treated) but whose assignment row was lost. */
  unlogged: number;
}

export interface ExperimentRun {
  index: number;
  spec: ExperimentSpec;
  startSecond: number;
  endSecond: number;
  arms: [ArmTally, ArmTally];
}

export interface Assignment {
  run: ExperimentRun;
  variant: 0 | 1;
  logged: boolean;
  lift: number;
}

export function makeExperiments(calendar: Calendar): ExperimentRun[] {
  return experiments.map((spec, index) => ({
    index,
    spec,
    startSecond: Math.floor(spec.window[0] * calendar.days) * 86_400,
    endSecond: Math.floor(spec.window[1] * calendar.days) * 86_400,
    arms: [emptyArm(), emptyArm()],
  }));
}

function emptyArm(): ArmTally {
  return { logged: 0, loggedConverted: 0, loggedExpected: 0, unlogged: 0 };
}

const MOBILE = devices.findIndex((d) => d.name === "mobile");

/** The assignment of a new visitor whose first session starts at `second` (windows do not overlap). */
export function assign(runs: ExperimentRun[], random: Random, second: number, device: number): Assignment | null {
  for (const run of runs) {
    if (second < run.startSecond || second >= run.endSecond) continue;
    const variant = random.chance(run.spec.allocation.treatment) ? 1 : 0;
    const lost = variant === 1 && device === MOBILE && random.chance(run.spec.lostMobileTreatmentLogs);
    return { run, variant, logged: !lost, lift: variant === 1 ? run.spec.absoluteLift : 0 };
  }
  return null;
}

export function record(assignment: Assignment, probability: number, converted: boolean): void {
  const arm = assignment.run.arms[assignment.variant];
  if (!assignment.logged) {
    arm.unlogged++;
    return;
  }
  arm.logged++;
  arm.loggedExpected += probability;
  if (converted) arm.loggedConverted++;
}
