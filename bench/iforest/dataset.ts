import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** All an engine needs of a data set: its features, row-major nRows × nFeatures. */
export interface Matrix {
  readonly data: Float64Array;
  readonly nRows: number;
  readonly nFeatures: number;
}

export interface Dataset extends Matrix {
  readonly name: string;
  readonly labels: Uint8Array;
  readonly nAnomalies: number;
}

/** A data set's name: its file name without `.csv.gz`. */
export function datasetName(file: string): string {
  return path.basename(file).replace(/\.csv\.gz$/, '');
}

/** Lists `*.csv.gz` in dir, smallest file first (quick feedback before http). */
export function listDatasets(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv.gz'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => readFileSync(a).length - readFileSync(b).length);
}

/** Parses a gzip'd CSV with header f0..fN,label. */
export function loadDataset(file: string): Dataset {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  if (header[header.length - 1] !== 'label') throw new Error(`${file}: last column must be 'label'`);
  const nFeatures = header.length - 1;
  const nRows = lines.length - 1;
  const data = new Float64Array(nRows * nFeatures);
  const labels = new Uint8Array(nRows);
  let nAnomalies = 0;
  for (let r = 0; r < nRows; r++) {
    const cells = lines[r + 1]!.split(',');
    if (cells.length !== nFeatures + 1) throw new Error(`${file}: row ${r + 1} has ${cells.length} cells`);
    for (let f = 0; f < nFeatures; f++) {
      const v = Number(cells[f]);
      if (!Number.isFinite(v)) throw new Error(`${file}: row ${r + 1} col ${f} is not a number`);
      data[r * nFeatures + f] = v;
    }
    const label = Number(cells[nFeatures]) === 1 ? 1 : 0;
    labels[r] = label;
    nAnomalies += label;
  }
  return { name: datasetName(file), data, labels, nRows, nFeatures, nAnomalies };
}
