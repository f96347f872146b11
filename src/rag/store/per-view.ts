import type { IndexView } from "./store.js";

/**
 * A value derived from one generation of the index, made when first asked for and dropped with
 * the generation: for every core in the process, so what a server library derives from the
 * shared corpus is made once however many libraries read it.
 */
export interface PerView<T> {
  (view: IndexView): T;
  /** Whether the value for `view` is made already. */
  has(view: IndexView): boolean;
  /** Sets the value for `view`, made another way (in slices, beside other work). */
  prime(view: IndexView, value: T): void;
}

export function perView<T>(make: (view: IndexView) => T): PerView<T> {
  const made = new WeakMap<IndexView, T>();
  const get = (view: IndexView) => {
    let value = made.get(view);
    if (value === undefined) {
      value = make(view);
      made.set(view, value);
    }
    return value;
  };
  return Object.assign(get, {
    has: (view: IndexView) => made.has(view),
    prime: (view: IndexView, value: T) => void made.set(view, value),
  });
}
