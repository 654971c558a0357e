/**
 * Exact DECIMAL arithmetic on MySQL's canonical decimal text ("-12.50"), done with bigint so no
 * digit is ever lost to binary floating point. A decimal is handled as (unscaled bigint, scale):
 * "-12.50" is (-1250n, 2). Results are rendered back to canonical text with exactly `scale`
 * fractional digits. Rounding is half away from zero, as MySQL's decimal_round (HALF_UP).
 *
 * Invariant: every function accepts and returns canonical text: an optional "-", at least one
 * integer digit, and, when scale > 0, "." followed by exactly `scale` digits; never "-0".
 */

import { assert } from "../../util/assert.ts";

/** MySQL's largest DECIMAL scale (DECIMAL(65,30)); division results never exceed it. */
export const decimalScaleMax = 30;
/** MySQL's largest DECIMAL precision. */
export const decimalPrecisionMax = 65;

export interface ScaledDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

const canonicalPattern = /^-?\d+(\.\d+)?$/;

/** Splits canonical decimal text into its unscaled integer and scale. */
export function parseDecimal(text: string): ScaledDecimal {
  assert(canonicalPattern.test(text), `not canonical decimal text: ${text}`);
  const dot = text.indexOf(".");
  if (dot < 0) return { unscaled: BigInt(text), scale: 0 };
  const digits = text.slice(0, dot) + text.slice(dot + 1);
  return { unscaled: BigInt(digits), scale: text.length - dot - 1 };
}

/** Renders (unscaled, scale) as canonical text. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  assert(scale >= 0);
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative && unscaled !== 0n ? `-${digits}` : digits;
}

const powersOfTen: bigint[] = [];
function pow10(exponent: number): bigint {
  assert(exponent >= 0);
  let cached = powersOfTen[exponent];
  if (cached === undefined) {
    cached = 10n ** BigInt(exponent);
    powersOfTen[exponent] = cached;
  }
  return cached;
}

/** Changes the scale, rounding half away from zero when digits are dropped. */
export function rescale(value: ScaledDecimal, scale: number): bigint {
  if (scale === value.scale) return value.unscaled;
  if (scale > value.scale) return value.unscaled * pow10(scale - value.scale);
  return divideRounded(value.unscaled, pow10(value.scale - scale));
}

/** Integer division rounded half away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  assert(denominator !== 0n);
  const negative = numerator < 0n !== denominator < 0n;
  const absNumerator = numerator < 0n ? -numerator : numerator;
  const absDenominator = denominator < 0n ? -denominator : denominator;
  let quotient = absNumerator / absDenominator;
  if ((absNumerator % absDenominator) * 2n >= absDenominator) quotient += 1n;
  return negative ? -quotient : quotient;
}

export function decimalAdd(left: string, right: string): string {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.max(a.scale, b.scale);
  return formatDecimal(rescale(a, scale) + rescale(b, scale), scale);
}

export function decimalSubtract(left: string, right: string): string {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.max(a.scale, b.scale);
  return formatDecimal(rescale(a, scale) - rescale(b, scale), scale);
}

export function decimalMultiply(left: string, right: string): string {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.min(a.scale + b.scale, decimalScaleMax);
  const product: ScaledDecimal = { unscaled: a.unscaled * b.unscaled, scale: a.scale + b.scale };
  return formatDecimal(rescale(product, scale), scale);
}

/**
 * left / right with scale = scale(left) + divPrecisionIncrement (capped at 30), as MySQL.
 * Returns null for division by zero (the caller decides between NULL and an error).
 */
export function decimalDivide(left: string, right: string, divPrecisionIncrement: number): string | null {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  if (b.unscaled === 0n) return null;
  const scale = Math.min(a.scale + divPrecisionIncrement, decimalScaleMax);
  // a/b = (ua / 10^sa) / (ub / 10^sb); scaled by 10^scale: ua * 10^(scale + sb - sa) / ub.
  const shift = scale + b.scale - a.scale;
  const numerator = shift >= 0 ? a.unscaled * pow10(shift) : a.unscaled;
  const denominator = shift >= 0 ? b.unscaled : b.unscaled * pow10(-shift);
  return formatDecimal(divideRounded(numerator, denominator), scale);
}

/** left MOD right, sign of the dividend as MySQL; null when right is zero. */
export function decimalModulo(left: string, right: string): string | null {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  if (b.unscaled === 0n) return null;
  const scale = Math.max(a.scale, b.scale);
  return formatDecimal(rescale(a, scale) % rescale(b, scale), scale);
}

export function decimalNegate(value: string): string {
  const parsed = parseDecimal(value);
  return formatDecimal(-parsed.unscaled, parsed.scale);
}

export function decimalCompare(left: string, right: string): number {
  const a = parseDecimal(left);
  const b = parseDecimal(right);
  const scale = Math.max(a.scale, b.scale);
  const difference = rescale(a, scale) - rescale(b, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Rounds to `scale` digits (negative scale rounds to tens, hundreds …), half away from zero. */
export function decimalRound(value: string, scale: number): string {
  const parsed = parseDecimal(value);
  if (scale >= 0) return formatDecimal(rescale(parsed, scale), scale);
  const rounded = divideRounded(rescale(parsed, 0), pow10(-scale)) * pow10(-scale);
  return formatDecimal(rounded, 0);
}

/** Truncates toward zero to `scale` digits (TRUNCATE()). */
export function decimalTruncate(value: string, scale: number): string {
  const parsed = parseDecimal(value);
  if (scale >= parsed.scale) return formatDecimal(rescale(parsed, scale), scale);
  const target = Math.max(scale, 0);
  let unscaled = parsed.unscaled / pow10(parsed.scale - target);
  if (scale < 0) unscaled = (unscaled / pow10(-scale)) * pow10(-scale);
  return formatDecimal(unscaled, target);
}

/** FLOOR / CEIL of a decimal, as integer text. */
export function decimalFloor(value: string): string {
  const parsed = parseDecimal(value);
  const divisor = pow10(parsed.scale);
  let quotient = parsed.unscaled / divisor;
  if (parsed.unscaled < 0n && parsed.unscaled % divisor !== 0n) quotient -= 1n;
  return quotient.toString();
}

export function decimalCeil(value: string): string {
  const parsed = parseDecimal(value);
  const divisor = pow10(parsed.scale);
  let quotient = parsed.unscaled / divisor;
  if (parsed.unscaled > 0n && parsed.unscaled % divisor !== 0n) quotient += 1n;
  return quotient.toString();
}

/** Converts an integer (number or bigint) to canonical decimal text with `scale` digits. */
export function decimalFromInteger(value: number | bigint, scale = 0): string {
  return formatDecimal(BigInt(value) * pow10(scale), scale);
}

/**
 * Converts a double to decimal text with `scale` digits via its shortest decimal rendering, so
 * 0.1 becomes "0.1", not the binary expansion. Non-finite input is the caller's problem.
 */
export function decimalFromDouble(value: number, scale: number): string {
  assert(Number.isFinite(value));
  const text = value.toFixed(Math.min(scale + 1, 100));
  return decimalFromText(text, scale) ?? "0";
}

/**
 * Converts plain decimal or exponent text (as produced by number literals) to canonical text with
 * `scale` digits; null when the text is not a number.
 */
export function decimalFromText(text: string, scale: number): string | null {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (match === null) return null;
  const integerPart = match[2] ?? "";
  const fractionPart = match[3] ?? "";
  if (integerPart === "" && fractionPart === "") return null;
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  let unscaled = BigInt((integerPart || "0") + fractionPart);
  if (match[1] === "-") unscaled = -unscaled;
  const sourceScale = fractionPart.length - exponent;
  const source: ScaledDecimal =
    sourceScale >= 0 ? { unscaled, scale: sourceScale } : { unscaled: unscaled * pow10(-sourceScale), scale: 0 };
  return formatDecimal(rescale(source, scale), scale);
}

/** Canonical text with trailing fractional zeros kept; returns the scale of canonical text. */
export function decimalScaleOf(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Number of integer digits (ignoring sign), for precision checks. */
export function decimalIntegerDigits(text: string): number {
  const start = text.startsWith("-") ? 1 : 0;
  const dot = text.indexOf(".");
  const integer = text.slice(start, dot < 0 ? text.length : dot).replace(/^0+/, "");
  return integer.length;
}
