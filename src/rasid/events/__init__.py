"""Native Arabic PLOVER event coding (stage ``events.code``) and its evaluation on PLOVER gold data."""
