"""The words of data/raw/ice_access_events.csv: event kinds, what a date means, its precision, agencies."""

# What happened, and what the event's date means.
EVENTS = ["access_restored", "block_announced", "block_applied", "block_in_progress", "block_ordered", "block_reported",
          "confidential_plates", "federal_programme", "law_effective", "law_signed", "limited_exception",
          "named_by_nlets", "not_a_dmv_block", "reported_open", "rule_effective", "state_system_cutoff",
          "supports_federal_access", "under_review", "veto_override"]
# ``limited_exception``: a law or rule opened access for named purposes only (New York's 2020 amendment for CBP's
# Trusted Traveler vetting and vehicle import/export), never "access restored". ``veto_override``: a law enacted over
# the governor's veto, never "signed".
DATE_MEANINGS = ["announced", "applied", "effective", "filed", "law effective", "ordered", "published", "reported by",
                 "reported cut-off", "rule effective", "signed"]
DATE_PRECISIONS = ["day", "month", "year"]
# The part of a month a source names for a month-precise date ("mid-November 2025").
MONTH_PARTS = ["early", "mid", "late"]
AGENCIES = ["CBP", "DHS", "HSI", "ICE", "USCIS"]
# The jurisdiction code of an event that concerns every jurisdiction at once (a federal programme).
NATIONAL = "US"
