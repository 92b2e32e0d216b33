import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const SALES_CSV_HEADER = 'SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber';

/**
 * Writes a sales CSV of `rows` rows (SalesID n on line n + 1, CRLF line ends);
 * every `badEvery`-th row has quantity 0, which the contract refuses.
 */
export async function writeSalesCsv(path: string, rows: number, badEvery = 0): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${SALES_CSV_HEADER}\r\n`);
  for (let id = 1; id <= rows; id++) {
    const quantity = badEvery > 0 && id % badEvery === 0 ? 0 : (id % 20) + 1;
    const line = `${id},${id % 23},${id % 1000},${id % 450},${quantity},0.10,${(id % 500) + 0.25},2018-03-0${(id % 9) + 1} 07:38:25.430,TX${Math.floor(id / 3)}\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
