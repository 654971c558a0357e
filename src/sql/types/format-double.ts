/**
 * DOUBLE → text as MySQL prints it: the shortest digits that round-trip (JavaScript's
 * Number#toString gives exactly those), in plain notation for moderate exponents and as
 * "<digits>e<exponent>" otherwise ("1e20", "1.5e-7", "0.30000000000000004").
 */

/** Largest decimal exponent printed in plain notation (MySQL: 1e15 prints as "1e15"). */
const plainExponentMax = 14;
/** Smallest decimal exponent printed in plain notation. */
const plainExponentMin = -6;

export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const exponential = value.toExponential();
  const ePosition = exponential.indexOf("e");
  const exponent = Number(exponential.slice(ePosition + 1));
  if (exponent >= plainExponentMin && exponent <= plainExponentMax) {
    return plainNotation(value, exponential.slice(0, ePosition), exponent);
  }
  const mantissa = exponential.slice(0, ePosition);
  return `${mantissa}e${exponent}`;
}

function plainNotation(value: number, mantissa: string, exponent: number): string {
  const negative = value < 0;
  const digits = mantissa.replace("-", "").replace(".", "");
  let text: string;
  if (exponent >= 0) {
    text =
      digits.length <= exponent + 1
        ? digits + "0".repeat(exponent + 1 - digits.length)
        : `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  }
  return negative ? `-${text}` : text;
}
