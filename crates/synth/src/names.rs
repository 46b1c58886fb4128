//! Invented names for synthetic children and workers. Common English given
//! names and surnames, combined at random: nobody real is described.

pub const FORENAMES_F: &[&str] = &[
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Willow",
    "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Daisy",
    "Phoebe", "Sofia", "Alice", "Harper", "Matilda", "Ruby", "Emilia", "Maya", "Ayesha", "Zara", "Amara",
    "Leah", "Hannah", "Chloe", "Jessica", "Megan", "Niamh", "Aaliyah", "Imogen", "Esme", "Layla", "Nia",
];

pub const FORENAMES_M: &[&str] = &[
    "Noah", "Muhammad", "George", "Oliver", "Leo", "Arthur", "Oscar", "Theodore", "Freddie", "Theo", "Harry",
    "Archie", "Henry", "Jack", "Alfie", "Charlie", "Finley", "Jacob", "Thomas", "Lucas", "Isaac", "Tommy",
    "Mason", "Reggie", "Albie", "Joshua", "Ethan", "Dylan", "Kai", "Riley", "Jayden", "Samuel", "Daniel",
    "Ibrahim", "Yusuf", "Kofi", "Tyler", "Callum", "Liam", "Jamie", "Rhys", "Owen", "Aaron", "Logan",
];

pub const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
    "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander",
    "Morgan", "Moore", "Mills", "King", "Hussain", "Ali", "Begum", "Okafor", "Mensah", "Nowak", "Kowalski",
    "Murphy", "Kelly", "Campbell", "Stewart", "Bennett", "Cooper", "Ward", "Turner", "Parker", "Price",
    "Hughes", "Edwards", "Collins", "Shaw", "Lloyd", "Ellis", "Harrison", "Gray", "Fisher", "Marshall",
];
