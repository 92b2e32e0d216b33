import { describe, expect, it } from 'vitest';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { contractColumns, normalizeHeader } from '../../../connectors/contract/contract-columns.ts';
import { layoutFromHeader, layoutOf, layoutWithoutHeader } from '../../../connectors/contract/header-mapping.ts';

const sales = contractColumns(bronzeContract('sales'));
const employees = contractColumns(bronzeContract('employees'));
const products = contractColumns(bronzeContract('products'));

/** The source header each contract field was found under. */
function fieldsByHeader(header: string[], columns = sales): Record<string, string | null> {
  const layout = layoutFromHeader(header, columns);
  return Object.fromEntries(columns.map((c, i) => [c.name, layout.cellIndex[i]! >= 0 ? header[layout.cellIndex[i]!]! : null]));
}

describe('header normalization', () => {
  it('ignores case, spaces, underscores and punctuation', () => {
    for (const spelling of ['SalesPersonID', 'salespersonid', 'sales person id', 'Sales_Person_ID', ' SALES-PERSON.ID ']) expect(normalizeHeader(spelling)).toBe('salespersonid');
  });
});

describe('header mapping', () => {
  it('maps canonical headers to the contract fields', () => {
    const header = ['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'TotalPrice', 'SalesDate', 'TransactionNumber'];
    expect(Object.values(fieldsByHeader(header))).toEqual(header);
  });

  it('maps every alias: TransactionID, TransactionDate, MiddleName', () => {
    const header = ['TransactionID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'TotalPrice', 'TransactionDate', 'TransactionNumber'];
    expect(fieldsByHeader(header)).toMatchObject({ sales_id: 'TransactionID', sales_date: 'TransactionDate' });
    const employee = ['EmployeeID', 'FirstName', 'MiddleName', 'LastName', 'BirthDate', 'Gender', 'CityID', 'HireDate'];
    expect(fieldsByHeader(employee, employees)).toMatchObject({ middle_initial: 'MiddleName' });
  });

  it('maps lower-case, spaced and underscored headers, in any order', () => {
    const header = ['quantity', 'sales person id', 'Product_ID', 'salesid', 'customer_id', 'SALES DATE', 'transactionnumber'];
    expect(fieldsByHeader(header)).toMatchObject({ quantity: 'quantity', sales_person_id: 'sales person id', product_id: 'Product_ID', sales_id: 'salesid', sales_date: 'SALES DATE' });
  });

  it('keeps unknown columns as extras under their source header', () => {
    const layout = layoutFromHeader(['ProductID', 'ProductName', 'StoreNote', 'Price', 'CategoryID', 'loaded_by', ''], products);
    expect(layout.extras).toEqual([
      { index: 2, name: 'StoreNote' },
      { index: 5, name: 'loaded_by' },
      { index: 6, name: 'column_7' },
    ]);
  });

  it('leaves a missing nullable column unmapped and names a missing required one', () => {
    const withoutTotal = layoutFromHeader(['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'SalesDate', 'TransactionNumber'], sales);
    expect(withoutTotal.cellIndex[sales.findIndex((c) => c.name === 'total_price')]).toBe(-1);
    expect(withoutTotal.missingRequired).toEqual([]);
    const withoutDate = layoutFromHeader(['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'TransactionNumber'], sales);
    expect(withoutDate.missingRequired).toEqual(['sales_date']);
  });

  it('takes a first row holding the key (or an alias) as a header, however many other columns it has', () => {
    expect(layoutOf(['SalesID', 'SalesPersonID', 'x', 'y'], sales, 'sales_id').header).not.toBeNull();
    expect(layoutOf(['transaction id', 'note'], sales, 'sales_id').header).not.toBeNull();
    expect(layoutOf(['1', '17', '4031', '88', '3', '0.1', '0', '2018-02-05 07:38:25.430', 'TR1'], sales, 'sales_id').header).toBeNull();
  });

  it('reads a point-of-sale export with the contract columns and as many of its own as a header', () => {
    const own = ['Register', 'Cashier Name', 'Store', 'Aisle', 'Loyalty Card', 'Payment', 'Currency', 'Till Session', 'Receipt Printed'];
    const header = ['SalesID', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity', 'Discount', 'TotalPrice', 'SalesDate', 'TransactionNumber'].flatMap((h, i) => [h, own[i]!]);
    const layout = layoutOf(header, sales, 'sales_id');
    expect(layout.header).toEqual(header);
    expect(layout.unmatched).toBeNull();
    expect(layout.cellIndex).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    expect(layout.extras.map((e) => e.name)).toEqual(own);
  });

  it('refuses a header that names contract fields but not the key, naming what it found and what it expected', () => {
    const layout = layoutOf(['Sale', 'SalesPersonID', 'CustomerID', 'ProductID', 'Quantity'], sales, 'sales_id');
    expect(layout.unmatched).toBe(
      'found the headers "Sale", "SalesPersonID", "CustomerID", "ProductID", "Quantity"; expected the key SalesID or TransactionID beside SalesPersonID, CustomerID, ProductID, Quantity, Discount, TotalPrice, SalesDate or TransactionDate, TransactionNumber'.replace('SalesDate or TransactionDate', 'SalesDate'),
    );
  });

  it('reads a headerless file by the contract field order, further cells as extras', () => {
    const layout = layoutOf(['1', '17', '4031', '88', '3', '0.1', '0', '2018-02-05', 'TR1', 'note'], sales, 'sales_id');
    expect(layout.header).toBeNull();
    expect(layout.cellIndex).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(layout.extras).toEqual([{ index: 9, name: 'column_10' }]);
    expect(layout.width).toBe(10);
    expect(layoutWithoutHeader(3, sales).width).toBe(sales.length);
  });
});
