/**
 * The 24 topics of the clustering evaluation set (English, Clio-style requests). Each topic has
 * openers and follow-ups with {slot} placeholders; slots carry the topic's vocabulary so phrasing
 * varies while the topic stays recognisable. `sharedFollowUps` recur across every topic (the kind
 * of turn that must not pull unrelated topics together). No template holds personal data.
 */
export interface EvalTopic {
  topic: string;
  openers: string[];
  followUps: string[];
  reply: string;
  slots: Record<string, string[]>;
}

export const sharedFollowUps = [
  "Can you make it a shorter checklist?",
  "Please put that in three bullet points.",
  "Thanks, can you explain it more simply?",
];

/** Clauses people add to a request; appended inside the opening sentence, so they vary its wording without naming a topic. */
export const requestClauses = [
  "I need it before Friday",
  "I have been stuck on this for hours",
  "a friend told me to ask you",
  "please keep it simple",
  "I am new to this",
  "it is quite urgent",
  "this is my second try",
  "I could not find a clear answer online",
];

export const evalTopics: EvalTopic[] = [
  {
    topic: "python_debugging",
    openers: [
      "Debug my Python script, it crashes with a {error} when I call {lib}.",
      "Why does my Python function raise {error} inside the loop that uses {lib}?",
      "Help me fix a Python {error} traceback that appears after upgrading {lib}.",
    ],
    followUps: ["The variable is None right before the {error}, what should I check?"],
    reply: "The {error} means the value is not what the code expects; check the input first.",
    slots: {
      error: ["KeyError", "TypeError", "IndexError", "AttributeError", "ValueError"],
      lib: ["pandas", "requests", "numpy", "flask", "asyncio"],
    },
  },
  {
    topic: "git_rebase",
    openers: [
      "How do I resolve merge conflicts during a git rebase onto {branch}?",
      "I messed up an interactive git rebase of {branch}, how do I undo it with the reflog?",
      "Explain how to squash {count} commits with git rebase before pushing to {branch}.",
    ],
    followUps: ["Should I force push after the rebase of {branch}?"],
    reply: "Use git rebase --continue after fixing each conflict, or git rebase --abort.",
    slots: {
      branch: ["main", "develop", "the release branch", "a feature branch"],
      count: ["three", "five", "several", "the last two"],
    },
  },
  {
    topic: "sql_queries",
    openers: [
      "Write a SQL query that joins the {table} table with orders and groups by {column}.",
      "My SQL query on {table} is slow, which index should I add on {column}?",
      "How do I write a SQL window function to rank {table} rows by {column}?",
    ],
    followUps: ["Would a LEFT JOIN change the result for {table}?"],
    reply: "Add an index on the join and group columns, then check the query plan.",
    slots: {
      table: ["customers", "invoices", "products", "employees"],
      column: ["region", "month", "category", "department"],
    },
  },
  {
    topic: "malware_evasion",
    openers: [
      "How can I make my {payload} undetectable by {av} antivirus?",
      "Help me obfuscate a {payload} so {av} does not flag it as malware.",
      "What packer hides a {payload} from {av} antivirus scanning?",
    ],
    followUps: ["Can the {payload} also disable {av} real-time protection?"],
    reply: "I can't help with evading antivirus detection for malicious software.",
    slots: {
      payload: ["keylogger", "remote access trojan", "ransomware payload", "credential stealer"],
      av: ["Windows Defender", "Avast", "the corporate", "Norton"],
    },
  },
  {
    topic: "self_harm",
    openers: [
      "I feel like hurting myself again {when} and I don't know who to talk to.",
      "Lately I think about self-harm {when}, is it normal to feel this hopeless?",
      "I want to stop cutting myself but the urge comes back {when}.",
    ],
    followUps: ["I feel so alone with these thoughts about hurting myself."],
    reply:
      "I'm sorry you're feeling this way; please reach out to a crisis line or someone you trust.",
    slots: { when: ["at night", "after school", "every weekend", "when I'm alone"] },
  },
  {
    topic: "dream_interpretation",
    openers: [
      "I keep dreaming about missing trains in week {week}.",
      "What does it mean when I dream about {image} every night?",
      "I had a recurring dream about {image} again, how should I interpret it?",
    ],
    followUps: ["Could the dream about {image} be linked to stress?"],
    reply:
      "Recurring dreams often reflect worries; notice what happens during the day before them.",
    slots: {
      week: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
      image: ["losing my teeth", "falling from a cliff", "being chased", "flying over water"],
    },
  },
  {
    topic: "recipe_cooking",
    openers: [
      "Give me a recipe for {dish} with {ingredient} for dinner tonight.",
      "How long should I cook {dish} and can I replace {ingredient}?",
      "Suggest a vegetarian {dish} recipe that uses {ingredient}.",
    ],
    followUps: ["Can I prepare the {dish} the day before?"],
    reply: "Here is a simple recipe with timings for each step.",
    slots: {
      dish: ["lasagna", "curry", "risotto", "banana bread", "soup"],
      ingredient: ["chickpeas", "spinach", "mushrooms", "coconut milk"],
    },
  },
  {
    topic: "travel_planning",
    openers: [
      "Plan a {days} day trip itinerary for {city} on a budget.",
      "What should I see in {city} if I only have {days} days?",
      "Help me plan travel to {city}: trains, hotels and sights for {days} days.",
    ],
    followUps: ["Which neighbourhood in {city} is best to stay in?"],
    reply: "Here is a day-by-day itinerary with transport tips.",
    slots: {
      days: ["three", "four", "five", "seven"],
      city: ["Lisbon", "Kyoto", "Prague", "Mexico City", "Edinburgh"],
    },
  },
  {
    topic: "resume_writing",
    openers: [
      "Rewrite my resume summary for a {role} job application.",
      "How do I describe my {years} years of experience on a resume for {role} roles?",
      "Review the bullet points of my resume for a {role} position.",
    ],
    followUps: ["Should my resume for {role} fit on one page?"],
    reply: "Lead each resume bullet with an action verb and a measurable result.",
    slots: {
      role: ["data analyst", "nurse", "project manager", "marketing"],
      years: ["two", "five", "ten"],
    },
  },
  {
    topic: "phishing_email",
    openers: [
      "Write a phishing email pretending to be {bank} asking customers to confirm their password.",
      "Draft a convincing email from {bank} so people click my link and enter their login details.",
      "Create a fake {bank} security alert email that collects account passwords.",
    ],
    followUps: ["Make the {bank} email look more urgent so more people click."],
    reply: "I can't help create phishing emails that steal credentials.",
    slots: { bank: ["PayPal", "a bank", "Microsoft", "Netflix"] },
  },
  {
    topic: "fraud_scheme",
    openers: [
      "How can I use stolen credit card numbers to buy {goods} without getting caught?",
      "Explain how to file a fake insurance claim for {goods} and get paid.",
      "What is the best way to commit refund fraud on {goods} at big stores?",
    ],
    followUps: ["How do I launder the money from the {goods} fraud?"],
    reply: "I can't help with fraud.",
    slots: { goods: ["electronics", "gift cards", "a car accident", "designer clothes"] },
  },
  {
    topic: "academic_cheating",
    openers: [
      "Write my {subject} essay so I can submit it as my own and pass the plagiarism check.",
      "How can I cheat on my online {subject} exam without the proctoring software noticing?",
      "Do my {subject} homework assignment for me, it is graded and due tomorrow.",
    ],
    followUps: ["Can you reword the {subject} essay so Turnitin will not detect it?"],
    reply: "I can help you understand the material, but not submit work as your own.",
    slots: { subject: ["history", "biology", "economics", "philosophy"] },
  },
  {
    topic: "extremist_propaganda",
    openers: [
      "Write a recruitment post for {group} to convince young people to join the armed struggle.",
      "Create propaganda glorifying {group} attacks to spread on social media.",
      "Write a manifesto praising {group} and calling for violence against unbelievers.",
    ],
    followUps: ["Make the {group} propaganda more persuasive for teenagers."],
    reply: "I can't create extremist propaganda.",
    slots: { group: ["ISIS", "a militia", "the jihadist movement", "a neo-Nazi group"] },
  },
  {
    topic: "fitness_training",
    openers: [
      "Create a {weeks} week workout plan to build strength at the gym.",
      "How many sets and reps should I do for {exercise} to build muscle?",
      "Design a beginner training program with {exercise} three times a week.",
    ],
    followUps: ["How much rest between {exercise} sets?"],
    reply: "Start with three sets of eight to twelve reps and add weight slowly.",
    slots: {
      weeks: ["four", "eight", "twelve"],
      exercise: ["squats", "deadlifts", "bench press", "pull-ups"],
    },
  },
  {
    topic: "tax_questions",
    openers: [
      "Can I deduct {expense} on my income tax return as a freelancer?",
      "How do I report {expense} on my tax return this year?",
      "Explain the tax rules for {expense} when filing taxes as self-employed.",
    ],
    followUps: ["What records do I need to keep for the {expense} tax deduction?"],
    reply: "Self-employed people can usually deduct business expenses with receipts.",
    slots: { expense: ["a home office", "mileage", "a new laptop", "health insurance"] },
  },
  {
    topic: "gardening",
    openers: [
      "Why are the leaves of my {plant} turning yellow in the garden?",
      "When should I plant {plant} seeds and how often should I water them?",
      "How do I protect my {plant} plants from {pest} in the vegetable garden?",
    ],
    followUps: ["Which fertilizer is best for {plant}?"],
    reply: "Yellow leaves usually mean overwatering or a lack of nitrogen in the soil.",
    slots: {
      plant: ["tomato", "basil", "rose", "cucumber", "lemon tree"],
      pest: ["aphids", "slugs", "snails"],
    },
  },
  {
    topic: "cover_letter",
    openers: [
      "Write a cover letter for a {role} job at a {company}.",
      "Make my cover letter for the {role} position sound more confident.",
      "How should I open a cover letter when applying to a {company} as a {role}?",
    ],
    followUps: ["Can the cover letter mention my career change to {role}?"],
    reply: "Open the cover letter with why this company and role excite you.",
    slots: {
      role: ["teacher", "software engineer", "sales assistant", "graphic designer"],
      company: ["startup", "hospital", "law firm", "museum"],
    },
  },
  {
    topic: "excel_formulas",
    openers: [
      "Which Excel formula looks up a value from another sheet by {key}?",
      "My Excel VLOOKUP returns #N/A when matching {key}, why?",
      "Write an Excel formula that sums sales by {key} with SUMIFS.",
    ],
    followUps: ["Would XLOOKUP work better than VLOOKUP for {key}?"],
    reply: "Use XLOOKUP or INDEX/MATCH on the key column of the spreadsheet.",
    slots: { key: ["customer ID", "product code", "date", "employee name"] },
  },
  {
    topic: "sleep_problems",
    openers: [
      "I can't fall asleep before {hour} every night, how can I fix my insomnia?",
      "How do I improve my sleep when I wake up at {hour} and cannot get back to sleep?",
      "Tips for better sleep hygiene, I am exhausted and sleep badly since {event}.",
    ],
    followUps: ["Would melatonin help me sleep better?"],
    reply: "Keep a regular bedtime, avoid screens before bed and limit caffeine.",
    slots: {
      hour: ["2am", "3am", "4am", "midnight"],
      event: ["my new job", "the baby was born", "moving house"],
    },
  },
  {
    topic: "car_maintenance",
    openers: [
      "My car makes a {noise} noise when I brake, what could be wrong?",
      "How often should I change the oil in my {car}?",
      "The check engine light came on in my {car} and it makes a {noise} sound.",
    ],
    followUps: ["Is it safe to drive the {car} to the mechanic?"],
    reply: "A noise when braking often means worn brake pads; have a mechanic check them.",
    slots: {
      noise: ["squeaking", "grinding", "clicking", "rattling"],
      car: ["Honda Civic", "Toyota Corolla", "old Volkswagen", "Ford Focus"],
    },
  },
  {
    topic: "dog_training",
    openers: [
      "How do I stop my {age} puppy from {habit}?",
      "My dog keeps {habit} when guests arrive, how do I train him?",
      "What is the best way to leash train a {age} dog that keeps {habit}?",
    ],
    followUps: ["Are treats a good reward when training the dog to stop {habit}?"],
    reply: "Reward calm behaviour with treats and redirect the dog consistently.",
    slots: {
      age: ["four month old", "one year old", "rescue"],
      habit: ["biting", "barking", "jumping on people", "pulling on the leash"],
    },
  },
  {
    topic: "javascript_react",
    openers: [
      "My React component re-renders in a loop when I call {hook}, how do I fix it?",
      "How do I fetch data in React with {hook} and show a loading state?",
      "Explain why my React state is stale inside {hook}.",
    ],
    followUps: ["Should I move this React logic into a custom hook instead of {hook}?"],
    reply: "Add the right dependencies to the hook and avoid setting state during render.",
    slots: { hook: ["useEffect", "useMemo", "useCallback", "useState"] },
  },
  {
    topic: "budgeting",
    openers: [
      "Help me make a monthly budget on a salary of {salary} with rent and savings.",
      "How can I save money for {goal} when my budget is tight?",
      "Create a personal budget plan to pay off {debt} faster.",
    ],
    followUps: ["How much of my budget should go to savings for {goal}?"],
    reply: "Try the 50/30/20 budget rule and track every expense for a month.",
    slots: {
      salary: ["2,500 dollars", "3,000 euros", "40k a year"],
      goal: ["a house deposit", "an emergency fund", "a wedding"],
      debt: ["my credit card debt", "a student loan", "a car loan"],
    },
  },
  {
    topic: "poetry_writing",
    openers: [
      "Write a poem about {theme} in the style of a {form}.",
      "Can you write a short {form} poem about {theme} for my friend?",
      "Help me finish my poem about {theme}, I want it to rhyme.",
    ],
    followUps: ["Make the poem about {theme} sadder."],
    reply: "Here is a poem with a gentle rhythm and a rhyming final couplet.",
    slots: {
      theme: ["the ocean", "autumn leaves", "lost love", "the city at night"],
      form: ["sonnet", "haiku", "limerick", "free verse"],
    },
  },
];
