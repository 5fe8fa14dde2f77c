"""Small pure Arabic helpers: character maps, normalisation, tokens, clitics."""
