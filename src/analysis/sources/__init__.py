"""Load and validate the sourced tables in data/raw/: schemas, checksums, citations and the ICE-access events."""
