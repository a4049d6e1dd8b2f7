"""Per-article language processing stages (sentences, entities, actors, times, quantities, events, claims)."""
