import type { Processor } from '../runtime/processor.ts';
import { cleanCategory, cleanCity, cleanCountry, cleanCustomer, cleanEmployee, cleanProduct } from './clean-dimensions.ts';
import { cleanCartLines, cleanStoreSale } from './clean-sales.ts';
import { silverProcessor, type SilverOptions } from './silver-processor.ts';

/** One silver processor per bronze entity; store sales and carts both write silver.sales. */
export function silverProcessors(options: SilverOptions): Processor[] {
  return [
    silverProcessor({ bronze: 'sales', silver: 'sales', clean: (r) => [cleanStoreSale(r)] }, options),
    silverProcessor({ bronze: 'carts', silver: 'sales', clean: cleanCartLines }, options),
    silverProcessor({ bronze: 'products', silver: 'products', clean: (r) => [cleanProduct(r)] }, options),
    silverProcessor({ bronze: 'employees', silver: 'employees', clean: (r) => [cleanEmployee(r)] }, options),
    silverProcessor({ bronze: 'customers', silver: 'customers', clean: (r) => [cleanCustomer(r)] }, options),
    silverProcessor({ bronze: 'countries', silver: 'countries', clean: (r) => [cleanCountry(r)] }, options),
    silverProcessor({ bronze: 'categories', silver: 'categories', clean: (r) => [cleanCategory(r)] }, options),
    silverProcessor({ bronze: 'cities', silver: 'cities', clean: (r) => [cleanCity(r)] }, options),
  ];
}
