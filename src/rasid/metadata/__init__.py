"""Metadata stages: absolute dates, title, dateline, publication date, outlet."""
