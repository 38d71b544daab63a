"""Rule-based extraction of drug facts from article text."""
