/**
 * A typed array with room for at least `length` elements: the same array when it fits, else a
 * copy at least twice as long. For the append-only tables the preference exporter keeps.
 */
export function grown<Typed extends Float64Array | Int32Array | Uint32Array | Uint8Array>(
  array: Typed,
  length: number,
): Typed {
  if (length <= array.length) return array;
  const larger = new (array.constructor as new (length: number) => Typed)(
    Math.max(length, array.length * 2),
  );
  larger.set(array);
  return larger;
}
