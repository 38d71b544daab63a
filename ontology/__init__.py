"""The drugkg OWL ontology and SHACL shapes (Turtle resources)."""
