"""Evaluation against hand-checked gold: prediction files and the scorer."""
