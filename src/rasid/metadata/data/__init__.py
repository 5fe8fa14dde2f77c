"""Packaged data of rasid.metadata (month names, agencies, places); see each file header for provenance."""
