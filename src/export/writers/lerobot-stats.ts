/** Running mean/std/min/max per feature, per dimension for vectors (booleans count as 0/1). */
export function createStats() {
  const features = new Map<
    string,
    { count: number; sum: number[]; squares: number[]; min: number[]; max: number[] }
  >();
  return {
    add(name: string, values: ArrayLike<unknown>) {
      for (let row = 0; row < values.length; row++) {
        const value = values[row];
        const vector = Array.isArray(value)
          ? (value as number[])
          : [
              typeof value === "bigint"
                ? Number(value)
                : value === true
                  ? 1
                  : value === false
                    ? 0
                    : (value as number),
            ];
        let feature = features.get(name);
        if (!feature) {
          const size = vector.length;
          feature = {
            count: 0,
            sum: new Array<number>(size).fill(0),
            squares: new Array<number>(size).fill(0),
            min: new Array<number>(size).fill(Number.POSITIVE_INFINITY),
            max: new Array<number>(size).fill(Number.NEGATIVE_INFINITY),
          };
          features.set(name, feature);
        }
        feature.count += 1;
        vector.forEach((component, d) => {
          const target = feature as NonNullable<typeof feature>;
          target.sum[d] = (target.sum[d] as number) + component;
          target.squares[d] = (target.squares[d] as number) + component * component;
          target.min[d] = Math.min(target.min[d] as number, component);
          target.max[d] = Math.max(target.max[d] as number, component);
        });
      }
    },
    result() {
      const result: Record<
        string,
        { mean: number[]; std: number[]; min: number[]; max: number[]; count: number[] }
      > = {};
      for (const [name, feature] of features) {
        const mean = feature.sum.map((total) => total / feature.count);
        result[name] = {
          mean,
          std: feature.squares.map((total, d) =>
            Math.sqrt(Math.max(0, total / feature.count - (mean[d] as number) ** 2)),
          ),
          min: feature.min,
          max: feature.max,
          count: [feature.count],
        };
      }
      return result;
    },
  };
}
