import type { FacetText } from "../label-text.js";

/** Three topics written by four users each; one python summary carries a name and an email. */
export function topicFacets(): { facets: Map<string, FacetText>; clusters: { cluster_id: number; members: string[]; nearest_outside: string[] }[] } {
  const topics = {
    python: [
      "Debug a Python script that raises a KeyError when parsing JSON files",
      "Fix a Python traceback about an import error in a Flask project",
      "Python script crashes with a TypeError; debugging the function arguments",
      "Zebulon Quartermaine (zebulon.q@example.com) asks to fix his Python error in a pandas script",
    ],
    cooking: [
      "Recipe for a vegetable soup for four people with leftover vegetables",
      "Cooking a chicken curry recipe with coconut milk for dinner guests",
      "Vegetarian recipe ideas for a family dinner with seasonal vegetables",
      "Baking recipe for bread with sourdough starter and cooking times",
    ],
    travel: [
      "Plan a cheap train trip to Prague with museums and day trips",
      "Travel itinerary for a week in Lisbon by train on a budget",
      "Plan a budget trip with train tickets and hostels across Europe",
      "Itinerary for a weekend city trip with museums and train connections",
    ],
  };
  const facets = new Map<string, FacetText>();
  const clusters = Object.entries(topics).map(([topic, summaries], cluster_id) => {
    const members = summaries.map((summary, index) => {
      const id = `${topic}-${index}`;
      facets.set(id, {
        conversation_id: id,
        user_key: `u_${topic}_${index}`,
        summary,
        task: summary.split(" ").slice(0, 6).join(" "),
      });
      return id;
    });
    return { cluster_id, members, nearest_outside: [] as string[] };
  });
  return { facets, clusters };
}
