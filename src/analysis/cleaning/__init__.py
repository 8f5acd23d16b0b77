"""The cleaning library: read query-count files as received, normalise their values, check subtotals, clean them,
and aggregate row-level query logs."""
