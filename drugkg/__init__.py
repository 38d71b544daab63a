"""drugkg: a knowledge graph of drug facts from health articles."""
