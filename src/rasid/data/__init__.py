"""Data shipped with the package (example articles, lexicons)."""
