/**
 * ROC AUC via the Mann–Whitney U statistic with mid-ranks, so tied scores count one half —
 * exactly the trapezoidal area under the ROC curve. Labels: 1 (or truthy) = positive/anomaly.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`rocAuc: ${n} scores but ${labels.length} labels`);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`rocAuc: score ${i} is NaN`);
    order[i] = i;
  }
  order.sort((a, b) => scores[a]! - scores[b]!);
  let nPos = 0;
  let positiveRankSum = 0;
  for (let i = 0; i < n; ) {
    // Group of tied scores occupying ranks i+1 .. j; each gets the average rank.
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]!]) {
        nPos++;
        positiveRankSum += midRank;
      }
    }
    i = j;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new RangeError('rocAuc: need at least one positive and one negative label');
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
