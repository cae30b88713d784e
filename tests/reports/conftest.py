"""Fixtures for the report tests; the fixed data itself lives in ``prep_fixture``."""

from __future__ import annotations

import pytest
from prep_fixture import make_data

from midweek.services.prep import PrepData


@pytest.fixture
def prep_data() -> PrepData:
    return make_data()
