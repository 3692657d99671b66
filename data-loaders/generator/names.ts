// Synthetic personal data. The customers table carries names and e-mail addresses only so that
// tests can prove the published site never shows them; the e-mail domains are reserved examples.
export const FIRST_NAMES = [
  "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya", "Evie", "Ella",
  "Poppy", "Emily", "Charlotte", "Sienna", "Chloe", "Alice", "Hannah", "Sarah", "Claire", "Emma", "Laura", "Anna", "Julia",
  "Marie", "Sofia", "Lucia", "Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Thomas",
  "James", "William", "Henry", "Alfie", "Jacob", "Daniel", "David", "Michael", "Peter", "Paul", "Mark", "Luke", "Sean",
  "Liam", "Lukas", "Jan", "Pierre", "Marco", "Pablo", "Ahmed", "Priya", "Aisha", "Ravi", "Mei", "Yuki", "Kenji",
];
export const LAST_NAMES = [
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson",
  "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel",
  "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
  "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young",
  "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller",
  "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "O'Brien", "O'Connor", "Murray",
  "Müller", "Schmidt", "Dubois", "Martinez", "Garcia", "Rossi", "Jansen", "Nowak", "Silva", "Tanaka", "Nielsen", "Kowalski",
];
export const EMAIL_DOMAINS = ["example.com", "example.org", "example.net"];
