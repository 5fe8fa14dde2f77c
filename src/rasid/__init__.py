"""rasid (راصد): Arabic-first news intelligence.

Turns raw Arabic news into a sourced, searchable record of who said and did
what, to whom, when and where, each fact traceable to the exact characters of
its source. Start with :mod:`rasid.api` or the ``rasid`` command.
"""
__version__ = "0.1.0"
