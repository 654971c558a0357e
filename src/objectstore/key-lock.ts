/**
 * KeyLock: serialises async critical sections per key within one process, so a read-compare-
 * write on one object key (the local provider's compare-and-swap) cannot interleave with another
 * mutation of the same key. Different keys never wait for each other. Entries are removed when
 * their last waiter finishes, so the map holds only keys with work in flight.
 */

export class KeyLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `section` after every earlier section on `key` has settled; returns its result. */
  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys with a section running or waiting (for tests). */
  get activeKeys(): number {
    return this.#tails.size;
  }
}
