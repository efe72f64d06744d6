import type { TopicTemplates } from "./synthetic-topics.js";

/** Synthetic corpus templates (tax questions, poetry writing, fitness plans); the topic list and its order are in synthetic-topics.ts. */
export const syntheticTopicTemplates2: TopicTemplates[] = [
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
];
