/**
 * Random: the only source of randomness. `SeededRandom` (xoshiro128**) replays exactly from a
 * seed for simulations and fuzzing; `CryptoRandom` serves security-relevant bytes (auth scrambles).
 */

export interface Random {
  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number;
  /** An integer in [0, bound). */
  nextInt(bound: number): number;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
}

export class SeededRandom implements Random {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(readonly seed: number) {
    // splitmix32 spreads a small seed over the four state words; an all-zero state is invalid.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next() | 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5), 7), 9) >>> 0;
    const t = this.#s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.nextUint32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class CryptoRandom implements Random {
  nextUint32(): number {
    return crypto.getRandomValues(new Uint32Array(1))[0]!;
  }

  nextInt(bound: number): number {
    return Math.floor((this.nextUint32() / 0x1_0000_0000) * bound);
  }

  bytes(length: number): Uint8Array {
    return crypto.getRandomValues(new Uint8Array(length));
  }
}

export const cryptoRandom: Random = new CryptoRandom();
