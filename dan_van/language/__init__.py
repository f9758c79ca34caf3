"""Language data: the schema of every key, one loader with overlays, and the Rules object it builds."""
