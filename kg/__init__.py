"""The knowledge graph: RDF mapping, store, queries and exports."""
