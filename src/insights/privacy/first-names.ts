/**
 * A small list of common given names (English, French, Spanish, German, plus a few widespread
 * others) for the offline PII heuristics. Names that are also everyday words or places in these
 * languages (Will, May, June, Mark, Bill, Rose, Grace, Florence, Max, Frank, Paris …) are left out on
 * purpose: a false "name" in a cluster label costs more than a missed one the model path would catch.
 */
const names = `
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey
ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory
alexander patrick jack dennis jerry tyler aaron henry douglas peter adam nathan zachary kyle
noah ethan liam oliver lucas mason logan elijah aiden
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha
katherine christine debra rachel catherine carolyn janet maria heather diane olivia julie joyce
 kelly christina lauren joan evelyn judith megan cheryl andrea hannah jacqueline martha
gloria teresa ann sara kathryn janice jean abigail alice judy sophia isabella 
amelia mia harper ava chloe zoe
jean pierre jacques michel philippe alain nicolas françois francois laurent julien mathieu
sébastien sebastien guillaume antoine olivier thierry stéphane stephane christophe frédéric
frederic vincent benoît benoit théo theo hugo gabriel léo leo raphaël raphael arthur jules
marie nathalie isabelle sylvie catherine sophie céline celine sandrine valérie valerie véronique
veronique christelle aurélie aurelie camille léa lea manon chloé inès ines juliette louise jade
josé jose antonio manuel francisco juan javier carlos alejandro miguel rafael pablo
sergio fernando jorge alberto álvaro alvaro diego adrián adrian raúl raul enrique ramón ramon
carmen josefa isabel teresa ana cristina lucía lucia elena
 laura marta raquel silvia paula beatriz sofía sofia valentina ximena
thomas michael andreas stefan christian markus tobias jürgen jurgen klaus wolfgang dieter uwe
matthias sven jens lukas maximilian jonas florian sebastian tim niklas moritz felix
ursula monika petra sabine renate helga karin brigitte ingrid gisela susanne katharina julia
lena leonie johanna jana anja birgit heike claudia nicole tanja
mohammed muhammad ahmed ali fatima aisha omar hassan yusuf wei hiroshi yuki priya
rahul arjun ananya olga ivan dmitri sergei natasha giovanni giuseppe francesca chiara luca marco
`;

export const firstNames: ReadonlySet<string> = new Set(
  names
    .split(/\s+/)
    .map((name) => name.trim())
    .filter((name) => name.length > 1),
);

export function isFirstName(word: string): boolean {
  return firstNames.has(word.toLowerCase());
}
