"""The whole build, in order: data/raw/ -> data/processed/ -> executed notebooks -> reports/."""
