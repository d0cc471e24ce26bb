/**
 * Dollars from counted usage. Prices are the marginal paid-plan rates in /work/shared/DESIGN.md
 * ("Platform facts"), except Queues, which that list lacks (marked). Included monthly allowances
 * are ignored: the figure is what each further session costs.
 */

export interface Price {
  usd: number;
  /** Units the price is for: 1e6 requests, 1 GB-month, ... */
  per: number;
  unit: string;
  source: string;
}

const DESIGN = 'DESIGN.md';

export const PRICES = {
  workerRequests: { usd: 0.3, per: 1e6, unit: 'requests', source: DESIGN },
  workerCpuMs: { usd: 0.02, per: 1e6, unit: 'CPU ms', source: DESIGN },
  doRequests: { usd: 0.15, per: 1e6, unit: 'requests', source: DESIGN },
  doGbSeconds: { usd: 12.5, per: 1e6, unit: 'GB-s', source: DESIGN },
  doRowsWritten: { usd: 1.0, per: 1e6, unit: 'rows', source: DESIGN },
  r2ClassA: { usd: 4.5, per: 1e6, unit: 'operations', source: DESIGN },
  r2ClassB: { usd: 0.36, per: 1e6, unit: 'operations', source: DESIGN },
  r2GbMonths: { usd: 0.015, per: 1, unit: 'GB-months', source: DESIGN },
  d1RowsWritten: { usd: 1.0, per: 1e6, unit: 'rows', source: DESIGN },
  d1RowsRead: { usd: 0.001, per: 1e6, unit: 'rows', source: DESIGN },
  d1GbMonths: { usd: 0.75, per: 1, unit: 'GB-months', source: "Cloudflare's D1 storage price (not in DESIGN.md), beyond the 5 GB included" },
  queueOperations: {
    usd: 0.4,
    per: 1e6,
    unit: 'operations',
    source: "Cloudflare's Queues price (not in DESIGN.md): 3 operations per message ≤ 64 KB",
  },
  aePoints: { usd: 0.25, per: 1e6, unit: 'points', source: DESIGN },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** How much of one priced unit a session uses, and where the figure comes from. */
export interface Usage {
  line: string;
  price: PriceName;
  perSession: number;
  basis: 'measured' | 'estimated';
  how: string;
}

export interface CostLine extends Usage {
  unit: string;
  usdPer1000Sessions: number;
}

export interface Bill {
  lines: CostLine[];
  usdPer1000Sessions: number;
  /** Share of the total that rests on measured counts. */
  measuredShare: number;
}

export function bill(usages: Usage[]): Bill {
  const lines = usages.map((u) => {
    const price: Price = PRICES[u.price];
    return { ...u, unit: price.unit, usdPer1000Sessions: (u.perSession * 1000 * price.usd) / price.per };
  });
  const total = lines.reduce((sum, l) => sum + l.usdPer1000Sessions, 0);
  const measured = lines.filter((l) => l.basis === 'measured').reduce((sum, l) => sum + l.usdPer1000Sessions, 0);
  return { lines, usdPer1000Sessions: total, measuredShare: total > 0 ? measured / total : 0 };
}
