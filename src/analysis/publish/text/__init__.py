"""Sentences and citable numbers, in English and in Spanish, built from computed tables."""
