"""Inputs: paths, folders, globs and stdin (sources) and the bytes of any sane Vietnamese encoding (decoding)."""
