import type { TopicTemplates } from "./synthetic-topics.js";

/** Synthetic corpus templates (python debugging, cooking recipes, travel planning); the topic list and its order are in synthetic-topics.ts. */
export const syntheticTopicTemplates1: TopicTemplates[] = [
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
];
