/**
 * Function words of the languages the offline facets and the synthetic corpus use (en, fr, es,
 * de), plus words that carry no topic in a conversation summary ("user", "help", "asks") and the
 * redaction marker words. Kept short on purpose: c-TF-IDF already discounts words every cluster uses.
 */
const english =
  "a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours want wants need needs like get make please thanks thank hello hi can't don't i'm it's user users asks asked asking ask help helps question questions request requests conversation assistant about using use used way something anything one two new also really much many";
const french =
  "le la les un une des du de d l et ou mais donc car ni que qui quoi dont où je tu il elle nous vous ils elles on me te se moi toi lui leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces pour par avec sans dans sur sous entre vers chez est sont suis es être avoir ai as a avons avez ont fait faire plus moins très pas ne y en au aux comme aussi bien merci bonjour veux voudrais peux pouvez comment quel quelle quels quelles";
const spanish =
  "el la los las un una unos unas de del al y o pero que qui quien como con sin por para en sobre entre hasta desde es son soy eres ser estar está están estoy tengo tiene tienen hacer hace me te se mi mis tu tus su sus nuestro nuestra lo le les nos os muy más menos no sí ya también gracias hola quiero quisiera puedes puede cómo qué cuál este esta estos estas ese esa";
const german =
  "der die das den dem des ein eine einen einem einer eines und oder aber dass wie mit ohne für von zu im in an auf aus bei nach über unter vor zwischen ist sind bin bist sein haben habe hat hast werden wird ich du er sie es wir ihr mich mir dich dir sich mein meine dein deine sein seine unser euer nicht kein keine auch sehr mehr weniger ja nein danke bitte hallo möchte kann kannst können wie was welche welcher dieser diese dieses";
// Question words, modal and light verbs that open requests in every language but name no topic.
const requestWords =
  "can could would should may might tell give show explain write need good best simple quick easy better way ways thing things time times help puedo puedes podrías podría hacer haz dime dame quiero necesito mejor mejores cuánto cuántos cuándo dónde peux-tu pouvez-vous pourrais-tu peux faire fais dis donne veux dois doit doit-il combien quand pendant temps quels quelles meilleur meilleure simple machen mache muss müssen soll sollte kannst könntest gib sag brauche beste besten wann wie viel viele wo";
const markers = "redacted email phone address name person url ip_address";

export const stopwords: ReadonlySet<string> = new Set(
  [english, french, spanish, german, requestWords, markers].join(" ").split(/\s+/),
);

/** Lower-cased word tokens of at least 3 letters, without stopwords or numbers. */
export function tokenize(text: string): string[] {
  return surfaceTokens(text).map((token) => token.term);
}

/** Tokens with the spelling they had in the text ("SQL", "Istanbul"), for readable names. */
export function surfaceTokens(text: string): { term: string; surface: string }[] {
  const tokens = text.match(/[\p{L}][\p{L}\p{N}+#'-]*/gu) ?? [];
  return tokens
    .map((token) => token.replace(/^['-]+|['-]+$/g, ""))
    .map((surface) => ({ term: surface.toLowerCase(), surface }))
    .filter(({ term }) => term.length >= 3 && !stopwords.has(term) && !/^\d/.test(term));
}
