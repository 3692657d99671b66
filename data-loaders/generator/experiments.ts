// Experiments: who is assigned, to which arm, whether the assignment is logged, and how the arm
// changes a new visitor's conversion probability. Tallies what was planted. Every user with a
// session in an experiment's window is assigned at their first session in it: a new visitor on
// arrival (here, with the simulation's stream, as the store has always drawn it), a returning user
// (sessions before the start) after the simulation, in returning-users.ts.
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
  /** Logged users with a session before the experiment's start (the rest are new visitors). */
  loggedReturning: number;
  /** Logged returning users with a session in the conversion window's length before assignment. */
  loggedReturningActiveBefore: number;
  /** Logged returning users with a purchase at any time before assignment. */
  loggedReturningPurchasedBefore: number;
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
  return { logged: 0, loggedConverted: 0, loggedExpected: 0, unlogged: 0, loggedReturning: 0, loggedReturningActiveBefore: 0, loggedReturningPurchasedBefore: 0 };
}

const MOBILE = devices.findIndex((d) => d.name === "mobile");

/** The assignment of a new visitor whose first session starts at `second` (windows do not overlap). */
export function assign(runs: ExperimentRun[], random: Random, second: number, device: number): Assignment | null {
  for (const run of runs) {
    if (second < run.startSecond || second >= run.endSecond) continue;
    return draw(run, random, device, run.spec.absoluteLift);
  }
  return null;
}

/**
 * The arm, and whether its row is logged, of a user entering `run` on `device`. `lift` is what the
 * treatment adds to the user's conversion probability (0 for a returning user, whose purchases
 * the treatment does not change).
 */
export function draw(run: ExperimentRun, random: Random, device: number, lift: number): Assignment {
  const variant = random.chance(run.spec.allocation.treatment) ? 1 : 0;
  const lost = variant === 1 && device === MOBILE && random.chance(run.spec.lostMobileTreatmentLogs);
  return { run, variant, logged: !lost, lift: variant === 1 ? lift : 0 };
}

/** `probability`: the user's true chance of converting in the window (0 or 1 when already decided). */
export function record(assignment: Assignment, probability: number, converted: boolean): ArmTally | null {
  const arm = assignment.run.arms[assignment.variant];
  if (!assignment.logged) {
    arm.unlogged++;
    return null;
  }
  arm.logged++;
  arm.loggedExpected += probability;
  if (converted) arm.loggedConverted++;
  return arm;
}
