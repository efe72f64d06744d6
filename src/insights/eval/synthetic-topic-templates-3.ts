import type { TopicTemplates } from "./synthetic-topics.js";

/** Synthetic corpus templates (SQL queries, job interviews); the topic list and its order are in synthetic-topics.ts. */
export const syntheticTopicTemplates3: TopicTemplates[] = [
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
