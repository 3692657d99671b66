// The probability distributions the experiment statistics need, from the stdlib project
// (@stdlib/stats-base-dists-*, @stdlib/math-base-special-*): ports of Cephes and Boost with
// published accuracy tests. Nothing here is approximated by hand; this file only fixes the
// argument order and adds upper tails that do not lose precision far out (1 - cdf would).
import betaCdfImpl from "@stdlib/stats-base-dists-beta-cdf";
import betaLogPdfImpl from "@stdlib/stats-base-dists-beta-logpdf";
import betaQuantileImpl from "@stdlib/stats-base-dists-beta-quantile";
import chiSquareCdfImpl from "@stdlib/stats-base-dists-chisquare-cdf";
import chiSquareQuantileImpl from "@stdlib/stats-base-dists-chisquare-quantile";
import hypergeometricPmfImpl from "@stdlib/stats-base-dists-hypergeometric-pmf";
import erfcinv from "@stdlib/math-base-special-erfcinv";
import gammainc from "@stdlib/math-base-special-gammainc";
import normalCdfImpl from "@stdlib/stats-base-dists-normal-cdf";
import tCdfImpl from "@stdlib/stats-base-dists-t-cdf";
import tQuantileImpl from "@stdlib/stats-base-dists-t-quantile";
import { chiSquareUpperTail } from "../../../src/components/breakdown-test.js";

/** Standard normal CDF, P(Z <= z). */
export const normalCdf = (z: number): number => normalCdfImpl(z, 0, 1);

/**
 * Standard normal quantile, the z with P(Z <= z) = p, through the inverse complementary error
 * function of the nearer tail: the library's normal quantile goes through erfinv(2p - 1), which
 * loses digits as p nears 0 (2e-9 relative at p = 1e-10).
 */
export const normalQuantile = (p: number): number => (p < 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p)));

/** Two-sided p-value of a standard normal statistic, 2 P(Z >= |z|), exact in the far tail. */
export const normalTwoSided = (z: number): number => Math.min(1, 2 * normalCdfImpl(-Math.abs(z), 0, 1));

/** Student's t CDF with `df` degrees of freedom (df need not be a whole number: Welch). */
export const tCdf = (t: number, df: number): number => tCdfImpl(t, df);

export const tQuantile = (p: number, df: number): number => tQuantileImpl(p, df);

/** Two-sided p-value of a t statistic, 2 P(T >= |t|). */
export const tTwoSided = (t: number, df: number): number => Math.min(1, 2 * tCdfImpl(-Math.abs(t), df));

export const chiSquareCdf = (x: number, df: number): number => chiSquareCdfImpl(x, df);

/** Upper tail P(X >= x) of a chi-square with `df` degrees of freedom: the regularised upper incomplete gamma Q(df/2, x/2). */
export const chiSquareSurvival = (x: number, df: number): number => chiSquareUpperTail(gammainc, x, df);

export const chiSquareQuantile = (p: number, df: number): number => chiSquareQuantileImpl(p, df);

export const betaCdf = (x: number, a: number, b: number): number => betaCdfImpl(x, a, b);

export const betaLogPdf = (x: number, a: number, b: number): number => betaLogPdfImpl(x, a, b);

export const betaQuantile = (p: number, a: number, b: number): number => betaQuantileImpl(p, a, b);

/**
 * P(X = k) for X hypergeometric: `draws` taken without replacement from `population` items of
 * which `successes` are successes.
 */
export const hypergeometricPmf = (k: number, population: number, successes: number, draws: number): number =>
  hypergeometricPmfImpl(k, population, successes, draws);
