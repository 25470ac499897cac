"""Content packs: the on-disk format of questions and the code that reads and checks it.

This package has no Django dependency so it can validate a pack anywhere
(``python -m backprep.catalog.content.check content/core``).
"""
