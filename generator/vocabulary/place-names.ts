/** Countries, cities and streets: ASCII, and fixpoints of silver's casing rule (see person-names.ts). */
export const COUNTRIES: readonly (readonly [name: string, code: string])[] = [
  ['Argentina', 'AR'], ['Australia', 'AU'], ['Austria', 'AT'], ['Bangladesh', 'BD'], ['Belgium', 'BE'], ['Bolivia', 'BO'], ['Brazil', 'BR'],
  ['Bulgaria', 'BG'], ['Canada', 'CA'], ['Chile', 'CL'], ['China', 'CN'], ['Colombia', 'CO'], ['Costa Rica', 'CR'], ["Cote D'Ivoire", 'CI'],
  ['Croatia', 'HR'], ['Czechia', 'CZ'], ['Denmark', 'DK'], ['Ecuador', 'EC'], ['Egypt', 'EG'], ['Estonia', 'EE'], ['Finland', 'FI'],
  ['France', 'FR'], ['Germany', 'DE'], ['Ghana', 'GH'], ['Greece', 'GR'], ['Guinea-Bissau', 'GW'], ['Hungary', 'HU'], ['Iceland', 'IS'],
  ['India', 'IN'], ['Indonesia', 'ID'], ['Ireland', 'IE'], ['Italy', 'IT'], ['Japan', 'JP'], ['Kenya', 'KE'], ['Latvia', 'LV'],
  ['Lithuania', 'LT'], ['Malaysia', 'MY'], ['Mexico', 'MX'], ['Morocco', 'MA'], ['Netherlands', 'NL'], ['New Zealand', 'NZ'],
  ['Nigeria', 'NG'], ['Norway', 'NO'], ['Peru', 'PE'], ['Philippines', 'PH'], ['Poland', 'PL'], ['Portugal', 'PT'], ['Romania', 'RO'],
  ['Senegal', 'SN'], ['Singapore', 'SG'], ['South Africa', 'ZA'], ['Spain', 'ES'], ['Sweden', 'SE'], ['Switzerland', 'CH'],
  ['Thailand', 'TH'], ['Timor-Leste', 'TL'], ['Tunisia', 'TN'], ['United Kingdom', 'GB'], ['United States', 'US'], ['Uruguay', 'UY'],
  ['Vietnam', 'VN'],
];

export const CITY_STEMS = [
  'Albany', 'Arlington', 'Ashford', 'Auburn', 'Bedford', 'Belmont', 'Bristol', 'Brookfield', 'Burlington', 'Camden', 'Canton', 'Carlisle',
  'Cedar', 'Chester', 'Clayton', 'Clifton', 'Clinton', 'Concord', 'Dayton', 'Dover', 'Easton', 'Elmwood', 'Fairfield', 'Fairview',
  'Franklin', 'Georgetown', 'Glendale', 'Greenville', 'Hamilton', 'Hanover', 'Harmony', 'Hudson', 'Jackson', 'Kingston', 'Lakewood',
  'Lancaster', 'Lebanon', 'Lexington', 'Lincoln', 'Madison', 'Marion', 'Milford', 'Milton', 'Newport', 'Oakland', 'Oxford', 'Plymouth',
  'Princeton', 'Quincy', 'Richmond', 'Riverside', 'Salem', 'Shelby', 'Springfield', 'Stratford', 'Sutton', 'Troy', 'Union', 'Warren',
  'Washington', 'Waverly', 'Weston', 'Winchester', 'Windsor', 'Woodstock',
] as const;

/** Prefixes that turn a stem into another town, so any city count up to 300 has distinct names. */
export const CITY_PREFIXES = ['', 'North ', 'South ', 'East ', 'West ', 'Port ', "St. "] as const;

export const STREETS = [
  'Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Elm St', 'Pine Rd', 'Hill Rd', 'Lake View Dr', 'Park Ave', 'Church St', 'Mill Ln',
  'River Rd', 'Sunset Blvd', 'High St', 'Station Rd', 'Orchard Way', 'Meadow Ct', 'Bay St', 'King St', 'Queen St',
] as const;

/** Address parts that make the CSV quote a field: a comma, a quote, a newline. */
export const UNITS = ['Apt 4B', 'Suite 210', 'Unit 7', 'Floor 3'] as const;
export const HOUSE_NAMES = ['Rose Cottage', 'The Old Mill', 'Ivy House', 'Willow Farm'] as const;
export const WINGS = ['North Wing', 'Rear Entrance', 'Building C'] as const;
