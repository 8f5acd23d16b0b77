"""What the data show, as tables in and tables out: the disclosure breakdown, the blocking states against the rest
and a researcher's own per-state counts. No figures and no prose here."""
