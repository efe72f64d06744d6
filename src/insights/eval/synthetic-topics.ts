/**
 * Templates for the offline synthetic corpus: per topic and language, openers, follow-ups and
 * assistant replies with {slot} placeholders. Slots are topic-specific vocabulary, so topics are
 * separable by content while phrasing varies; no template contains personal data.
 */
export const syntheticLanguages = ["en", "fr", "es", "de"] as const;
export type SyntheticLanguage = (typeof syntheticLanguages)[number];

export interface TopicLanguageTemplates {
  openers: string[];
  followUps: string[];
  replies: string[];
  slots?: Record<string, string[]>;
}

export interface TopicTemplates {
  topic: string;
  description: string;
  slots: Record<string, string[]>;
  languages: Record<SyntheticLanguage, TopicLanguageTemplates>;
}

export const syntheticTopics: TopicTemplates[] = [
  {
    topic: "python_debugging",
    description: "debugging Python code",
    slots: {
      error: ["KeyError", "TypeError", "IndexError", "AttributeError", "ValueError", "ImportError"],
      lib: ["pandas", "requests", "numpy", "flask", "asyncio", "the csv module"],
      thing: ["a dictionary", "a list comprehension", "a loop over a file", "a class method"],
    },
    languages: {
      en: {
        openers: [
          "My Python script crashes with a {error} when I use {lib}. How do I fix it?",
          "Can you help me debug this Python function? It raises {error} inside {thing}.",
          "I keep getting {error} in Python after upgrading {lib}, what does the traceback mean?",
        ],
        followUps: [
          "I added a print statement and the variable is None before the {error}.",
          "The traceback points at {thing}. Should I wrap it in try/except?",
        ],
        replies: [
          "The {error} usually means the value is not what the code expects. Check the input before {thing} and print its type.",
          "With {lib} this often happens after an upgrade; pin the version and read the changelog, then handle the {error} explicitly.",
        ],
      },
      fr: {
        openers: [
          "Mon script Python plante avec une erreur {error} quand j'utilise {lib}. Comment corriger ça ?",
          "Pouvez-vous m'aider à déboguer cette fonction Python ? Elle lève {error} dans une boucle.",
          "J'ai une exception {error} en Python avec {lib}, que veut dire la trace d'appels ?",
        ],
        followUps: [
          "J'ai ajouté un print et la variable vaut None juste avant l'erreur {error}.",
          "La trace pointe vers ma boucle. Faut-il utiliser try/except en Python ?",
        ],
        replies: [
          "L'erreur {error} signifie en général que la valeur n'est pas celle attendue. Vérifiez l'entrée et affichez son type.",
          "Avec {lib}, cela arrive souvent après une mise à jour du paquet Python ; fixez la version et gérez {error}.",
        ],
      },
      es: {
        openers: [
          "Mi script de Python falla con un {error} cuando uso {lib}. ¿Cómo lo arreglo?",
          "¿Puedes ayudarme a depurar esta función de Python? Lanza {error} dentro de un bucle.",
          "Me sale un {error} en Python con {lib}, ¿qué significa el traceback?",
        ],
        followUps: [
          "Añadí un print y la variable es None justo antes del {error}.",
          "El traceback señala el bucle. ¿Debería usar try/except en Python?",
        ],
        replies: [
          "El {error} suele significar que el valor no es el esperado. Revisa la entrada e imprime su tipo.",
          "Con {lib} pasa a menudo tras actualizar el paquete de Python; fija la versión y maneja el {error}.",
        ],
      },
      de: {
        openers: [
          "Mein Python-Skript stürzt mit einem {error} ab, wenn ich {lib} benutze. Wie behebe ich das?",
          "Kannst du mir helfen, diese Python-Funktion zu debuggen? Sie wirft {error} in einer Schleife.",
          "Ich bekomme in Python einen {error} mit {lib}, was bedeutet der Traceback?",
        ],
        followUps: [
          "Ich habe ein print eingefügt und die Variable ist None direkt vor dem {error}.",
          "Der Traceback zeigt auf die Schleife. Sollte ich try/except in Python verwenden?",
        ],
        replies: [
          "Ein {error} bedeutet meist, dass der Wert nicht dem erwarteten entspricht. Prüfe die Eingabe und gib den Typ aus.",
          "Bei {lib} passiert das oft nach einem Update des Python-Pakets; fixiere die Version und behandle den {error}.",
        ],
      },
    },
  },
  {
    topic: "cooking_recipes",
    description: "cooking and recipes",
    slots: {},
    languages: {
      en: {
        slots: {
          dish: [
            "lasagna",
            "chocolate cake",
            "chicken curry",
            "vegetable soup",
            "banana bread",
            "risotto",
          ],
          ingredient: ["butter", "eggs", "garlic", "fresh basil", "coconut milk", "flour"],
        },
        openers: [
          "What is a good recipe for {dish} for four people?",
          "Can you give me a simple recipe for {dish} without {ingredient}?",
          "I want to cook {dish} tonight, how long should it bake in the oven?",
        ],
        followUps: [
          "What can I use instead of {ingredient} in this recipe?",
          "Can I prepare the {dish} the day before and reheat it?",
        ],
        replies: [
          "For {dish}, prepare the ingredients first, then cook over medium heat; you can replace {ingredient} with a similar ingredient.",
          "Bake the {dish} for about 40 minutes and let it rest before serving; it keeps two days in the fridge.",
        ],
      },
      fr: {
        slots: {
          dish: [
            "des lasagnes",
            "un gâteau au chocolat",
            "un curry de poulet",
            "une soupe de légumes",
            "une quiche lorraine",
            "un risotto",
          ],
          ingredient: [
            "le beurre",
            "les œufs",
            "l'ail",
            "le basilic frais",
            "le lait de coco",
            "la farine",
          ],
        },
        openers: [
          "Quelle est une bonne recette pour {dish} pour quatre personnes ?",
          "Peux-tu me donner une recette simple pour {dish} sans {ingredient} ?",
          "Je veux cuisiner {dish} ce soir, combien de temps au four ?",
        ],
        followUps: [
          "Par quoi remplacer {ingredient} dans cette recette ?",
          "Puis-je préparer le plat la veille et le réchauffer ?",
        ],
        replies: [
          "Pour {dish}, préparez les ingrédients puis faites cuire à feu moyen ; vous pouvez remplacer {ingredient}.",
          "Comptez environ 40 minutes de cuisson au four et laissez reposer avant de servir.",
        ],
      },
      es: {
        slots: {
          dish: [
            "una lasaña",
            "un pastel de chocolate",
            "un curry de pollo",
            "una sopa de verduras",
            "una tortilla de patatas",
            "una paella",
          ],
          ingredient: [
            "la mantequilla",
            "los huevos",
            "el ajo",
            "la albahaca fresca",
            "la leche de coco",
            "la harina",
          ],
        },
        openers: [
          "¿Cuál es una buena receta para {dish} para cuatro personas?",
          "¿Me das una receta sencilla para {dish} sin {ingredient}?",
          "Quiero cocinar {dish} esta noche, ¿cuánto tiempo va al horno?",
        ],
        followUps: [
          "¿Qué puedo usar en lugar de {ingredient} en esta receta?",
          "¿Puedo preparar el plato el día anterior y recalentarlo?",
        ],
        replies: [
          "Para {dish}, prepara los ingredientes y cocina a fuego medio; puedes sustituir {ingredient}.",
          "Hornea unos 40 minutos y deja reposar antes de servir; se conserva dos días en la nevera.",
        ],
      },
      de: {
        slots: {
          dish: [
            "Lasagne",
            "einen Schokoladenkuchen",
            "ein Hähnchencurry",
            "eine Gemüsesuppe",
            "einen Apfelstrudel",
            "ein Risotto",
          ],
          ingredient: ["Butter", "Eier", "Knoblauch", "frisches Basilikum", "Kokosmilch", "Mehl"],
        },
        openers: [
          "Was ist ein gutes Rezept für {dish} für vier Personen?",
          "Kannst du mir ein einfaches Rezept für {dish} ohne {ingredient} geben?",
          "Ich möchte heute Abend {dish} kochen, wie lange muss es in den Ofen?",
        ],
        followUps: [
          "Was kann ich statt {ingredient} in diesem Rezept verwenden?",
          "Kann ich das Gericht am Vortag zubereiten und aufwärmen?",
        ],
        replies: [
          "Für {dish} bereite zuerst die Zutaten vor und koche bei mittlerer Hitze; {ingredient} lässt sich ersetzen.",
          "Backe es etwa 40 Minuten und lass es vor dem Servieren ruhen; im Kühlschrank hält es zwei Tage.",
        ],
      },
    },
  },
  {
    topic: "travel_planning",
    description: "planning trips and travel",
    slots: {
      city: ["Lisbon", "Rome", "Kyoto", "Barcelona", "Prague", "Vienna", "Istanbul", "Montreal"],
      days: ["three", "five", "seven", "ten"],
    },
    languages: {
      en: {
        openers: [
          "I'm planning a {days}-day trip to {city}. What itinerary do you suggest?",
          "What are the best neighbourhoods to stay in {city} for a first visit?",
          "Help me plan a budget trip to {city} with train travel and museums.",
        ],
        followUps: [
          "Is it worth buying a city pass for public transport in {city}?",
          "What day trips can I take from {city} by train?",
        ],
        replies: [
          "For {days} days in {city}, spend the first day in the old town, then museums, markets and a day trip by train.",
          "Stay near the centre of {city} and buy a transport pass; book popular museums in advance.",
        ],
      },
      fr: {
        openers: [
          "Je prépare un voyage de {days} jours à {city}. Quel itinéraire me conseilles-tu ?",
          "Quels sont les meilleurs quartiers où loger à {city} pour une première visite ?",
          "Aide-moi à organiser un voyage pas cher à {city} en train avec des musées.",
        ],
        followUps: [
          "Est-ce que le pass de transport vaut le coup à {city} ?",
          "Quelles excursions d'une journée faire en train depuis {city} ?",
        ],
        replies: [
          "Pour un séjour à {city}, commencez par la vieille ville, puis les musées, les marchés et une excursion en train.",
          "Logez près du centre de {city} et achetez un pass de transport ; réservez les musées à l'avance.",
        ],
      },
      es: {
        openers: [
          "Estoy planeando un viaje de {days} días a {city}. ¿Qué itinerario me recomiendas?",
          "¿Cuáles son los mejores barrios para alojarse en {city} en una primera visita?",
          "Ayúdame a planear un viaje barato a {city} en tren con museos.",
        ],
        followUps: [
          "¿Merece la pena comprar el abono de transporte en {city}?",
          "¿Qué excursiones de un día puedo hacer en tren desde {city}?",
        ],
        replies: [
          "Para tu viaje a {city}, dedica el primer día al casco antiguo, luego museos, mercados y una excursión en tren.",
          "Alójate cerca del centro de {city} y compra un abono de transporte; reserva los museos con antelación.",
        ],
      },
      de: {
        openers: [
          "Ich plane eine Reise nach {city} für {days} Tage. Welche Reiseroute empfiehlst du?",
          "Welche Stadtviertel in {city} sind für einen ersten Besuch die besten zum Übernachten?",
          "Hilf mir, eine günstige Reise nach {city} mit Zug und Museen zu planen.",
        ],
        followUps: [
          "Lohnt sich ein Ticket für den Nahverkehr in {city}?",
          "Welche Tagesausflüge kann ich von {city} mit dem Zug machen?",
        ],
        replies: [
          "Für die Reise nach {city}: zuerst die Altstadt, dann Museen, Märkte und ein Tagesausflug mit dem Zug.",
          "Übernachte nahe dem Zentrum von {city} und kaufe ein Nahverkehrsticket; Museen vorher buchen.",
        ],
      },
    },
  },
  {
    topic: "tax_questions",
    description: "personal tax questions",
    slots: {
      item: [
        "home office",
        "freelance income",
        "capital gains",
        "charitable donations",
        "rental income",
        "student loan interest",
      ],
    },
    languages: {
      en: {
        openers: [
          "Can I deduct my {item} on my income tax return this year?",
          "How are {item} taxed if I'm self-employed?",
          "What documents do I need to declare {item} on my tax return?",
        ],
        followUps: [
          "What is the deadline for filing the tax return?",
          "Do I need to keep receipts for {item} and for how long?",
        ],
        replies: [
          "Whether {item} is deductible depends on your tax situation; keep receipts and declare it in the right section of the return.",
          "Self-employed people usually declare {item} with their annual return; check the filing deadline with the tax office.",
        ],
      },
      fr: {
        slots: {
          item: [
            "le télétravail",
            "les revenus en freelance",
            "les plus-values",
            "les dons aux associations",
            "les revenus locatifs",
            "les frais de garde",
          ],
        },
        openers: [
          "Est-ce que je peux déduire {item} de ma déclaration d'impôts cette année ?",
          "Comment sont imposés {item} quand on est auto-entrepreneur ?",
          "Quels justificatifs faut-il pour déclarer {item} aux impôts ?",
        ],
        followUps: [
          "Quelle est la date limite de la déclaration de revenus ?",
          "Faut-il garder les justificatifs fiscaux et pendant combien de temps ?",
        ],
        replies: [
          "La déduction de {item} dépend de votre situation fiscale ; gardez les justificatifs et déclarez-les dans la bonne case.",
          "Les indépendants déclarent {item} avec la déclaration annuelle de revenus ; vérifiez la date limite auprès des impôts.",
        ],
      },
      es: {
        slots: {
          item: [
            "el teletrabajo",
            "los ingresos como autónomo",
            "las ganancias de capital",
            "las donaciones",
            "los ingresos por alquiler",
            "los gastos de guardería",
          ],
        },
        openers: [
          "¿Puedo deducir {item} en mi declaración de la renta este año?",
          "¿Cómo tributan {item} si soy autónomo?",
          "¿Qué documentos necesito para declarar {item} a Hacienda?",
        ],
        followUps: [
          "¿Cuál es el plazo para presentar la declaración de la renta?",
          "¿Tengo que guardar las facturas de impuestos y durante cuánto tiempo?",
        ],
        replies: [
          "Deducir {item} depende de tu situación fiscal; guarda las facturas y decláralo en la casilla correcta de la renta.",
          "Los autónomos declaran {item} en la declaración anual; consulta el plazo con Hacienda.",
        ],
      },
      de: {
        slots: {
          item: [
            "das Arbeitszimmer",
            "Einkünfte als Freiberufler",
            "Kapitalerträge",
            "Spenden",
            "Mieteinnahmen",
            "Kinderbetreuungskosten",
          ],
        },
        openers: [
          "Kann ich {item} dieses Jahr in der Steuererklärung absetzen?",
          "Wie werden {item} versteuert, wenn ich selbstständig bin?",
          "Welche Belege brauche ich, um {item} in der Steuererklärung anzugeben?",
        ],
        followUps: [
          "Bis wann muss die Steuererklärung beim Finanzamt sein?",
          "Muss ich die Steuerbelege aufbewahren und wie lange?",
        ],
        replies: [
          "Ob {item} absetzbar ist, hängt von deiner steuerlichen Lage ab; bewahre die Belege auf und trage es in der Steuererklärung ein.",
          "Selbstständige geben {item} in der jährlichen Steuererklärung an; prüfe die Frist beim Finanzamt.",
        ],
      },
    },
  },
  {
    topic: "poetry_writing",
    description: "writing poems",
    slots: {},
    languages: {
      en: {
        slots: {
          subject: [
            "the ocean at night",
            "autumn leaves",
            "a lost friendship",
            "city rain",
            "the first snow",
            "an old lighthouse",
          ],
          form: ["sonnet", "haiku", "free verse poem", "limerick"],
        },
        openers: [
          "Write a {form} about {subject}.",
          "Can you help me write a short {form} about {subject} with a melancholic tone?",
          "I'm writing a poem about {subject}; can you suggest rhymes and imagery for the last stanza?",
        ],
        followUps: [
          "Make the rhythm smoother and end the poem with a strong image.",
          "Can you rewrite the second stanza so it rhymes?",
        ],
        replies: [
          "Here is a {form} about {subject}, with images of light and silence in each stanza and a quiet final line.",
          "Try rhymes that echo the sound of {subject}; end the stanza on a concrete image rather than an abstract word.",
        ],
      },
      fr: {
        slots: {
          subject: [
            "l'océan la nuit",
            "les feuilles d'automne",
            "une amitié perdue",
            "la pluie en ville",
            "la première neige",
            "un vieux phare",
          ],
          form: ["sonnet", "haïku", "poème en vers libres", "quatrain"],
        },
        openers: [
          "Écris un {form} sur {subject}.",
          "Peux-tu m'aider à écrire un court {form} sur {subject} avec un ton mélancolique ?",
          "J'écris un poème sur {subject} ; peux-tu proposer des rimes et des images pour la dernière strophe ?",
        ],
        followUps: [
          "Rends le rythme plus fluide et termine le poème par une image forte.",
          "Peux-tu réécrire la deuxième strophe pour qu'elle rime ?",
        ],
        replies: [
          "Voici un {form} sur {subject}, avec des images de lumière et de silence dans chaque strophe.",
          "Cherche des rimes qui évoquent {subject} et termine la strophe sur une image concrète.",
        ],
      },
      es: {
        slots: {
          subject: [
            "el océano de noche",
            "las hojas de otoño",
            "una amistad perdida",
            "la lluvia en la ciudad",
            "la primera nevada",
            "un viejo faro",
          ],
          form: ["soneto", "haiku", "poema en verso libre", "romance"],
        },
        openers: [
          "Escribe un {form} sobre {subject}.",
          "¿Puedes ayudarme a escribir un {form} corto sobre {subject} con un tono melancólico?",
          "Estoy escribiendo un poema sobre {subject}; ¿me sugieres rimas e imágenes para la última estrofa?",
        ],
        followUps: [
          "Haz el ritmo más fluido y termina el poema con una imagen fuerte.",
          "¿Puedes reescribir la segunda estrofa para que rime?",
        ],
        replies: [
          "Aquí tienes un {form} sobre {subject}, con imágenes de luz y silencio en cada estrofa.",
          "Busca rimas que evoquen {subject} y cierra la estrofa con una imagen concreta.",
        ],
      },
      de: {
        slots: {
          subject: [
            "das Meer bei Nacht",
            "Herbstlaub",
            "eine verlorene Freundschaft",
            "Regen in der Stadt",
            "den ersten Schnee",
            "einen alten Leuchtturm",
          ],
          form: ["Sonett", "Haiku", "Gedicht in freien Versen", "Vierzeiler"],
        },
        openers: [
          "Schreib ein {form} über {subject}.",
          "Kannst du mir helfen, ein kurzes {form} über {subject} mit melancholischem Ton zu schreiben?",
          "Ich schreibe ein Gedicht über {subject}; kannst du Reime und Bilder für die letzte Strophe vorschlagen?",
        ],
        followUps: [
          "Mach den Rhythmus flüssiger und beende das Gedicht mit einem starken Bild.",
          "Kannst du die zweite Strophe so umschreiben, dass sie sich reimt?",
        ],
        replies: [
          "Hier ist ein {form} über {subject}, mit Bildern von Licht und Stille in jeder Strophe.",
          "Suche Reime, die an {subject} erinnern, und beende die Strophe mit einem konkreten Bild.",
        ],
      },
    },
  },
  {
    topic: "fitness_plans",
    description: "fitness and workout plans",
    slots: { times: ["three", "four", "five"] },
    languages: {
      en: {
        slots: {
          goal: [
            "build muscle",
            "lose weight",
            "run a half marathon",
            "improve my posture",
            "get stronger at push-ups",
          ],
        },
        openers: [
          "Can you make me a workout plan to {goal}, training {times} times a week?",
          "What exercises should a beginner do at the gym to {goal}?",
          "I want to {goal}. How many sets and reps should I do, and how often should I rest?",
        ],
        followUps: [
          "I only have dumbbells at home, can you adapt the training plan?",
          "How much protein should I eat on training days?",
        ],
        replies: [
          "Here is a {times}-day training plan: squats, push-ups, rows and planks, 3 sets of 10 reps, with a rest day between sessions.",
          "Warm up first, increase the weight slowly and sleep well; recovery matters as much as the workout.",
        ],
      },
      fr: {
        slots: {
          goal: [
            "prendre du muscle",
            "perdre du poids",
            "courir un semi-marathon",
            "améliorer ma posture",
            "faire plus de pompes",
          ],
        },
        openers: [
          "Peux-tu me faire un programme d'entraînement pour {goal}, {times} séances par semaine ?",
          "Quels exercices un débutant doit-il faire à la salle de sport pour {goal} ?",
          "Je veux {goal}. Combien de séries et de répétitions faut-il faire ?",
        ],
        followUps: [
          "Je n'ai que des haltères à la maison, peux-tu adapter le programme ?",
          "Combien de protéines manger les jours d'entraînement ?",
        ],
        replies: [
          "Voici un programme : squats, pompes, rowing et gainage, 3 séries de 10 répétitions, avec un jour de repos entre les séances.",
          "Échauffez-vous, augmentez la charge progressivement et dormez bien ; la récupération compte autant que l'entraînement.",
        ],
      },
      es: {
        slots: {
          goal: [
            "ganar músculo",
            "perder peso",
            "correr una media maratón",
            "mejorar mi postura",
            "hacer más flexiones",
          ],
        },
        openers: [
          "¿Me haces un plan de entrenamiento para {goal}, entrenando {times} veces por semana?",
          "¿Qué ejercicios debe hacer un principiante en el gimnasio para {goal}?",
          "Quiero {goal}. ¿Cuántas series y repeticiones debo hacer?",
        ],
        followUps: [
          "Solo tengo mancuernas en casa, ¿puedes adaptar el entrenamiento?",
          "¿Cuánta proteína debo comer los días de entrenamiento?",
        ],
        replies: [
          "Aquí tienes un plan: sentadillas, flexiones, remo y plancha, 3 series de 10 repeticiones, con un día de descanso entre sesiones.",
          "Calienta antes, sube el peso poco a poco y duerme bien; la recuperación importa tanto como el entrenamiento.",
        ],
      },
      de: {
        slots: {
          goal: [
            "Muskeln aufbauen",
            "abnehmen",
            "einen Halbmarathon laufen",
            "meine Haltung verbessern",
            "mehr Liegestütze schaffen",
          ],
        },
        openers: [
          "Kannst du mir einen Trainingsplan erstellen, um {goal}, mit {times} Einheiten pro Woche?",
          "Welche Übungen sollte ein Anfänger im Fitnessstudio machen, um {goal}?",
          "Ich möchte {goal}. Wie viele Sätze und Wiederholungen sollte ich machen?",
        ],
        followUps: [
          "Ich habe zu Hause nur Hanteln, kannst du den Trainingsplan anpassen?",
          "Wie viel Eiweiß sollte ich an Trainingstagen essen?",
        ],
        replies: [
          "Hier ist ein Trainingsplan: Kniebeugen, Liegestütze, Rudern und Planks, 3 Sätze mit 10 Wiederholungen, dazwischen ein Ruhetag.",
          "Wärme dich auf, steigere das Gewicht langsam und schlafe gut; Erholung ist so wichtig wie das Training.",
        ],
      },
    },
  },
  {
    topic: "sql_queries",
    description: "writing SQL queries",
    slots: {
      table: ["orders", "customers", "invoices", "employees", "products", "payments"],
      other: ["order_items", "departments", "categories", "shipments"],
      clause: ["GROUP BY", "LEFT JOIN", "window function", "subquery", "HAVING clause"],
      db: ["PostgreSQL", "MySQL", "SQLite"],
    },
    languages: {
      en: {
        openers: [
          "How do I write a SQL query that joins {table} and {other} and counts rows per month?",
          "My {db} query with a {clause} on the {table} table is slow. How can I speed it up?",
          "Write a SQL query to find the top 10 {table} by total amount using a {clause}.",
        ],
        followUps: [
          "Should I add an index on the {table} foreign key column?",
          "How would this SQL look with a CTE instead of a {clause}?",
        ],
        replies: [
          "Use SELECT with a {clause} over {table} joined to {other} on the key column, then ORDER BY the total and LIMIT 10.",
          "In {db}, run EXPLAIN on the query and add an index on the join column of {table}.",
        ],
      },
      fr: {
        openers: [
          "Comment écrire une requête SQL qui joint {table} et {other} et compte les lignes par mois ?",
          "Ma requête {db} avec un {clause} sur la table {table} est lente. Comment l'accélérer ?",
          "Écris une requête SQL pour trouver les 10 premiers {table} par montant total avec un {clause}.",
        ],
        followUps: [
          "Faut-il ajouter un index sur la clé étrangère de la table {table} ?",
          "À quoi ressemblerait ce SQL avec une CTE au lieu d'un {clause} ?",
        ],
        replies: [
          "Utilisez SELECT avec un {clause} sur {table} joint à {other}, puis ORDER BY sur le total et LIMIT 10.",
          "Dans {db}, lancez EXPLAIN sur la requête et ajoutez un index sur la colonne de jointure de {table}.",
        ],
      },
      es: {
        openers: [
          "¿Cómo escribo una consulta SQL que una {table} y {other} y cuente filas por mes?",
          "Mi consulta de {db} con un {clause} sobre la tabla {table} es lenta. ¿Cómo la acelero?",
          "Escribe una consulta SQL para obtener los 10 primeros {table} por importe total con un {clause}.",
        ],
        followUps: [
          "¿Debería añadir un índice en la clave foránea de la tabla {table}?",
          "¿Cómo quedaría este SQL con una CTE en lugar de un {clause}?",
        ],
        replies: [
          "Usa SELECT con un {clause} sobre {table} unido a {other}, luego ORDER BY por el total y LIMIT 10.",
          "En {db}, ejecuta EXPLAIN sobre la consulta y añade un índice en la columna de unión de {table}.",
        ],
      },
      de: {
        openers: [
          "Wie schreibe ich eine SQL-Abfrage, die {table} und {other} verbindet und Zeilen pro Monat zählt?",
          "Meine {db}-Abfrage mit {clause} auf der Tabelle {table} ist langsam. Wie mache ich sie schneller?",
          "Schreib eine SQL-Abfrage, die die Top 10 {table} nach Gesamtbetrag mit {clause} findet.",
        ],
        followUps: [
          "Sollte ich einen Index auf den Fremdschlüssel der Tabelle {table} legen?",
          "Wie sähe dieses SQL mit einer CTE statt {clause} aus?",
        ],
        replies: [
          "Nutze SELECT mit {clause} über {table}, verbunden mit {other}, dann ORDER BY nach Summe und LIMIT 10.",
          "Führe in {db} EXPLAIN auf der Abfrage aus und lege einen Index auf die Join-Spalte von {table}.",
        ],
      },
    },
  },
  {
    topic: "job_interviews",
    description: "preparing job interviews",
    slots: {},
    languages: {
      en: {
        slots: {
          role: [
            "data analyst",
            "nurse",
            "software engineer",
            "project manager",
            "sales representative",
            "teacher",
          ],
          question: [
            "tell me about yourself",
            "what is your greatest weakness",
            "why do you want this job",
            "describe a conflict at work",
          ],
        },
        openers: [
          "I have a job interview for a {role} position next week. How should I prepare?",
          "How do I answer the interview question '{question}' for a {role} job?",
          "Can you run a mock interview with me for a {role} role?",
        ],
        followUps: [
          "What questions should I ask the interviewer at the end?",
          "How do I talk about salary expectations in the interview?",
        ],
        replies: [
          "For a {role} interview, research the company, prepare examples with the STAR method and practise answering '{question}'.",
          "Ask about the team, the first months in the role and how success is measured; keep salary talk for later in the process.",
        ],
      },
      fr: {
        slots: {
          role: [
            "analyste de données",
            "infirmier",
            "ingénieur logiciel",
            "chef de projet",
            "commercial",
            "enseignant",
          ],
          question: [
            "parlez-moi de vous",
            "quel est votre plus grand défaut",
            "pourquoi voulez-vous ce poste",
            "décrivez un conflit au travail",
          ],
        },
        openers: [
          "J'ai un entretien d'embauche pour un poste de {role} la semaine prochaine. Comment me préparer ?",
          "Comment répondre à la question d'entretien « {question} » pour un poste de {role} ?",
          "Peux-tu me faire passer un entretien blanc pour un poste de {role} ?",
        ],
        followUps: [
          "Quelles questions poser au recruteur à la fin de l'entretien ?",
          "Comment parler des prétentions salariales pendant l'entretien ?",
        ],
        replies: [
          "Pour un entretien de {role}, renseignez-vous sur l'entreprise, préparez des exemples avec la méthode STAR et entraînez-vous.",
          "Posez des questions sur l'équipe et les premiers mois dans le poste ; abordez le salaire plus tard dans le processus.",
        ],
      },
      es: {
        slots: {
          role: [
            "analista de datos",
            "enfermero",
            "ingeniero de software",
            "jefe de proyecto",
            "comercial",
            "profesor",
          ],
          question: [
            "háblame de ti",
            "cuál es tu mayor defecto",
            "por qué quieres este puesto",
            "describe un conflicto en el trabajo",
          ],
        },
        openers: [
          "Tengo una entrevista de trabajo para un puesto de {role} la próxima semana. ¿Cómo me preparo?",
          "¿Cómo respondo a la pregunta de entrevista '{question}' para un puesto de {role}?",
          "¿Puedes hacerme una entrevista de prueba para un puesto de {role}?",
        ],
        followUps: [
          "¿Qué preguntas debo hacer al entrevistador al final?",
          "¿Cómo hablo de las expectativas salariales en la entrevista?",
        ],
        replies: [
          "Para una entrevista de {role}, investiga la empresa, prepara ejemplos con el método STAR y practica tus respuestas.",
          "Pregunta por el equipo y los primeros meses en el puesto; deja el salario para más adelante en el proceso.",
        ],
      },
      de: {
        slots: {
          role: [
            "Datenanalyst",
            "Pfleger",
            "Softwareentwickler",
            "Projektleiter",
            "Vertriebsmitarbeiter",
            "Lehrer",
          ],
          question: [
            "erzählen Sie etwas über sich",
            "was ist Ihre größte Schwäche",
            "warum wollen Sie diese Stelle",
            "beschreiben Sie einen Konflikt bei der Arbeit",
          ],
        },
        openers: [
          "Ich habe nächste Woche ein Vorstellungsgespräch als {role}. Wie bereite ich mich vor?",
          "Wie beantworte ich im Vorstellungsgespräch die Frage „{question}“ für eine Stelle als {role}?",
          "Kannst du mit mir ein Probe-Vorstellungsgespräch für eine Stelle als {role} machen?",
        ],
        followUps: [
          "Welche Fragen sollte ich am Ende des Gesprächs stellen?",
          "Wie spreche ich im Vorstellungsgespräch über Gehaltsvorstellungen?",
        ],
        replies: [
          "Für ein Gespräch als {role}: informiere dich über die Firma, bereite Beispiele nach der STAR-Methode vor und übe deine Antworten.",
          "Frage nach dem Team und den ersten Monaten in der Stelle; das Gehalt besprichst du später im Prozess.",
        ],
      },
    },
  },
];

export function fillTemplate(
  template: string,
  slots: Record<string, string[]>,
  choose: (options: readonly string[]) => string,
  chosen: Map<string, string>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const already = chosen.get(name);
    if (already !== undefined) return already;
    const options = slots[name];
    if (options === undefined || options.length === 0) return whole;
    const value = choose(options);
    chosen.set(name, value);
    return value;
  });
}
