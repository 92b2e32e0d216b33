/** Grocery vocabulary in the style of the Kaggle grocery sales dataset; names are fixpoints of silver's casing rule. */
export const CATEGORIES = [
  'Confections', 'Shell Fish', 'Cereals', 'Dairy', 'Beverages', 'Seafood', 'Meat', 'Grain', 'Poultry', 'Snails', 'Produce',
] as const;

export const PRODUCT_STEMS = [
  'Apple', 'Bacon', 'Bagel', 'Banana', 'Basil', 'Beans', 'Beef', 'Beer', 'Bread', 'Broccoli', 'Butter', 'Cake', 'Carrots', 'Cereal',
  'Cheese', 'Chicken', 'Chocolate', 'Clams', 'Coffee', 'Cookie', 'Corn', 'Crab', 'Cream', 'Croissant', 'Duck', 'Eggs', 'Escargot',
  'Flour', 'Garlic', 'Ginger', 'Grapes', 'Ham', 'Honey', 'Juice', 'Lamb', 'Lemon', 'Lettuce', 'Lobster', 'Milk', 'Muffin', 'Mushroom',
  'Mussels', 'Noodles', 'Oats', 'Olive Oil', 'Onion', 'Oranges', 'Oysters', 'Pasta', 'Pepper', 'Pork', 'Potato', 'Rice', 'Salmon',
  'Sausage', 'Scallops', 'Shrimp', 'Soup', 'Spinach', 'Sugar', 'Tea', 'Tomato', 'Tuna', 'Turkey', 'Veal', 'Vinegar', 'Water', 'Wine',
  'Yogurt', 'Zucchini',
] as const;

export const PRODUCT_VARIANTS = [
  'Whole Wheat', 'Italian Roll With Herbs', 'Red, Cooking', 'White, Dry', 'Organic', 'Frozen', 'Fresh', 'Smoked', 'Sliced', 'Diced',
  'Low Fat', 'Extra Virgin', 'Sparkling', 'Dark, 70 Percent', 'Baby', 'Jumbo', 'Mini', 'Roasted', 'Spicy', 'Sweet', 'Sour Cream',
  'Free Range', 'Boneless', 'Canned', 'Dried', 'Instant', 'Premium', 'Family Pack', '500g', '1l', '750ml', 'Gluten Free', 'Wild',
  'Pacific', 'Atlantic', 'Homestyle', 'Classic', 'Honey Glazed', 'Lemon Pepper', 'Garlic Butter',
] as const;
