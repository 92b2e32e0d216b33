/**
 * People's names. Every one is mixed case, trimmed, and what silver's casing rule
 * (generator/README.md, "Typing a field") makes of it in all upper or all lower
 * case too, so the untidy renderings come back to the truth: McDonald, O'Neil,
 * Smith-Jones. ASCII only, so no locale can disagree.
 */
export const FIRST_NAMES = [
  'Aaron', 'Abigail', 'Adam', 'Adrian', 'Aisha', 'Alan', 'Albert', 'Alice', 'Amanda', 'Amy', 'Andrea', 'Andrew', 'Angela', 'Anna',
  'Anne-Marie', 'Anthony', 'Arthur', 'Barbara', 'Benjamin', 'Beth', 'Bianca', 'Bradley', 'Brenda', 'Brian', 'Bruce', 'Carl', 'Carmen',
  'Carol', 'Catherine', 'Charles', 'Chloe', 'Christina', 'Christopher', 'Claire', 'Cody', 'Connor', 'Craig', 'Daniel', 'Darius', 'David',
  'Deborah', 'Dennis', 'Diana', 'Donna', 'Dorothy', 'Douglas', 'Dylan', 'Edward', 'Elena', 'Elijah', 'Elizabeth', 'Emily', 'Emma',
  'Eric', 'Ethan', 'Evelyn', 'Frances', 'Frank', 'Gabriel', 'Gary', 'George', 'Grace', 'Gregory', 'Hannah', 'Harold', 'Heather',
  'Helen', 'Henry', 'Isabel', 'Jack', 'Jacob', 'James', 'Janet', 'Jason', 'Jean-Luc', 'Jeffrey', 'Jennifer', 'Jessica', 'Joan', 'John',
  'Jonathan', 'Joseph', 'Joshua', 'Joyce', 'Juan', 'Judith', 'Julia', 'Justin', 'Karen', 'Katherine', 'Kevin', 'Kimberly', 'Laura',
  'Lauren', 'Leah', 'Linda', 'Lisa', 'Logan', 'Lucas', 'Madison', 'Margaret', 'Maria', 'Mark', 'Martha', 'Mary', 'Mary-Kate', 'Matthew',
  'Megan', 'Melissa', 'Michael', 'Michelle', 'Nancy', 'Natalie', 'Nathan', 'Nicholas', 'Nicole', 'Noah', 'Olivia', 'Pamela', 'Patricia',
  'Patrick', 'Paul', 'Peter', 'Rachel', 'Raymond', 'Rebecca', 'Richard', 'Robert', 'Ronald', 'Rose', 'Ryan', 'Samantha', 'Samuel', 'Sandra',
  'Sarah', 'Scott', 'Sean', 'Sharon', 'Sophia', 'Stephen', 'Steven', 'Susan', 'Teresa', 'Thomas', 'Timothy', 'Tyler', 'Victoria',
  'Walter', 'William', 'Zachary',
] as const;

export const LAST_NAMES = [
  'Adams', 'Allen', 'Alvarez', 'Anderson', 'Bailey', 'Baker', 'Barnes', 'Bell', 'Bennett', 'Brooks', 'Brown', 'Bryant', 'Butler',
  'Campbell', 'Carter', 'Castillo', 'Chavez', 'Clark', 'Coleman', 'Collins', 'Cook', 'Cooper', 'Cox', 'Cruz', "D'Angelo", 'Davis', 'Diaz',
  'Edwards', 'Evans', 'Fisher', 'Flores', 'Ford', 'Foster', 'Garcia', 'Gomez', 'Gonzalez', 'Graham', 'Gray', 'Green', 'Griffin', 'Hall',
  'Hamilton', 'Harris', 'Hayes', 'Henderson', 'Hernandez', 'Hill', 'Howard', 'Hughes', 'Jackson', 'James', 'Jenkins', 'Johnson', 'Jones',
  'Kelly', 'Kim', 'King', 'Lee', 'Lewis', 'Long', 'Lopez', 'Martin', 'Martinez', 'McDonald', 'Mendoza', 'Miller', 'Mitchell', 'Moore', 'Morales',
  'Morgan', 'Morris', 'Murphy', 'Myers', 'Nelson', 'Nguyen', "O'Brien", "O'Neil", 'Ortiz', 'Parker', 'Patel', 'Perez', 'Perry', 'Peterson',
  'Phillips', 'Powell', 'Price', 'Ramirez', 'Reed', 'Reyes', 'Richardson', 'Rivera', 'Roberts', 'Robinson', 'Rodriguez', 'Rogers', 'Ross',
  'Russell', 'Sanchez', 'Sanders', 'Scott', 'Smith', 'Smith-Jones', 'Stewart', 'Sullivan', 'Taylor', 'Thomas', 'Thompson', 'Torres',
  'Turner', 'Walker', 'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young',
] as const;

export const MIDDLE_INITIALS = 'ABCDEFGHIJKLMNOPRSTVW'.split('');
