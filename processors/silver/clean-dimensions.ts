import type { BronzeCategory, BronzeCity, BronzeCountry, BronzeCustomer, BronzeEmployee, BronzeProduct } from '../../schemas/generated/bronze-types.ts';
import type { SilverCategory, SilverCity, SilverCountry, SilverCustomer, SilverEmployee, SilverProduct } from '../../schemas/generated/silver-types.ts';
import { atScale } from './decimals.ts';
import { fullName } from './names.ts';
import { atLeast, decimalWithin, name, requiredName, text } from './silver-rules.ts';

/**
 * The dimension entities as silver types them (generator/README.md, "The source
 * contract"): names trimmed and cased by the name rule (names.ts), text trimmed (blank is null),
 * numbers checked against their minimum, decimals at their column's scale.
 */
export function cleanProduct(p: BronzeProduct): SilverProduct {
  return {
    product_id: p.product_id,
    product_name: requiredName('product_name', p.product_name),
    price: atScale(decimalWithin('price', p.price, 4, '0'), 4),
    category_id: p.category_id,
    class: text(p.class),
    modify_date: p.modify_date,
    resistant: text(p.resistant),
    is_allergic: p.is_allergic,
    vitality_days: p.vitality_days === null ? null : atLeast('vitality_days', p.vitality_days, 0),
  };
}

export function cleanEmployee(e: BronzeEmployee): SilverEmployee {
  const [first_name, middle_initial, last_name] = personNames(e);
  return {
    employee_id: e.employee_id,
    first_name,
    middle_initial,
    last_name,
    full_name: fullName(first_name, middle_initial, last_name),
    birth_date: e.birth_date,
    gender: text(e.gender),
    city_id: e.city_id,
    hire_date: e.hire_date,
  };
}

export function cleanCustomer(c: BronzeCustomer): SilverCustomer {
  const [first_name, middle_initial, last_name] = personNames(c);
  return {
    customer_id: c.customer_id,
    first_name,
    middle_initial,
    last_name,
    full_name: fullName(first_name, middle_initial, last_name),
    city_id: c.city_id,
    address: text(c.address),
  };
}

export function cleanCountry(c: BronzeCountry): SilverCountry {
  return { country_id: c.country_id, country_name: requiredName('country_name', c.country_name), country_code: text(c.country_code) };
}

export function cleanCategory(c: BronzeCategory): SilverCategory {
  return { category_id: c.category_id, category_name: requiredName('category_name', c.category_name) };
}

export function cleanCity(c: BronzeCity): SilverCity {
  return { city_id: c.city_id, city_name: requiredName('city_name', c.city_name), zipcode: text(c.zipcode), country_id: c.country_id };
}

function personNames(p: { readonly first_name: string; readonly middle_initial: string | null; readonly last_name: string }): [string, string | null, string] {
  return [requiredName('first_name', p.first_name), name(p.middle_initial), requiredName('last_name', p.last_name)];
}
