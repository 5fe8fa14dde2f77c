"""Entity mentions: NER, knowledge base and linking."""
