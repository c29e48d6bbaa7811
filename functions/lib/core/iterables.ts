/** `items` with `f` applied to each as it is read: a lazy `map` for any iterable (a sink's records). */
export function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
