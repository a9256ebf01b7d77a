"""Built-in coding schemes as JSON files (package data, so they install with vfeedback)."""
