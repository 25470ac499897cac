from __future__ import annotations

import pytest

from backprep.catalog.loading import load_pack

from .packs import standard_pack


@pytest.fixture
def bank(db, tmp_path):
    """The five-question test pack, loaded."""
    root = standard_pack(tmp_path / "pack")
    load_pack(root)
    return root
