import type { IndexView } from "./store.js";

/**
 * A value derived from one generation of the index, made when first asked for and dropped with
 * the generation: for every core in the process, so what a server library derives from the
 * shared corpus is made once however many libraries read it.
 */
export function perView<T>(make: (view: IndexView) => T): (view: IndexView) => T {
  const made = new WeakMap<IndexView, T>();
  return (view) => {
    let value = made.get(view);
    if (value === undefined) {
      value = make(view);
      made.set(view, value);
    }
    return value;
  };
}
