"""Packaged data of rasid.clean (page-chrome lexicon)."""
