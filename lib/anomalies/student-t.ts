// Student's t distribution for whole degrees of freedom, enough for the detector's small-sample
// widening (detect-series.ts): its upper tail and the quantile for a tail probability.

/**
 * P(T > t) for t ≥ 0 with `dof` ≥ 1 degrees of freedom: the closed forms of Abramowitz & Stegun
 * 26.7.3 (odd) and 26.7.4 (even), finite sums in cos²θ with θ = atan(t / √dof).
 */
export function studentTail(t: number, dof: number): number {
  const theta = Math.atan(t / Math.sqrt(dof));
  const cos2 = Math.cos(theta) ** 2;
  let term = 1;
  let sum = 1;
  // P(|T| < t)
  let inside: number;
  if (dof % 2 === 1) {
    for (let k = 3; k <= dof - 2; k += 2) sum += term *= ((k - 1) / k) * cos2;
    inside = dof === 1 ? (2 * theta) / Math.PI : (2 / Math.PI) * (theta + Math.sin(theta) * Math.cos(theta) * sum);
  } else {
    for (let k = 2; k <= dof - 2; k += 2) sum += term *= ((k - 1) / k) * cos2;
    inside = Math.sin(theta) * sum;
  }
  return (1 - inside) / 2;
}

/** The t ≥ 0 with P(T > t) = p (0 < p < ½), by bisection: the tail falls as t grows. */
export function studentQuantile(p: number, dof: number): number {
  let low = 0;
  let high = 1;
  while (studentTail(high, dof) > p) high *= 2;
  for (let step = 0; step < 100 && high - low > 1e-12 * high; step++) {
    const middle = (low + high) / 2;
    if (studentTail(middle, dof) > p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
