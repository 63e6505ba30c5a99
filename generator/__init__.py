"""kaoping (考评): publishes the yearly 社会治安综合治理 assessment as a static site.

The pipeline is load → validate → score → render → write; each stage is a module:
yamltree (read YAML with line numbers) → scheme / units (validate into plain data) →
scoring (pure functions) → render (Jinja2) → write (atomic year folders).
"""

__version__ = "0.1.0"
