"""Cleaning stages: line labels (title/body/dateline/boilerplate/blank) and sentences."""
