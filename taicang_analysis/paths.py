"""Where the package finds its data: one place, computed from the package's own location.

The shipped data live in ``data/`` beside the package. An analyst (or the report command's
``--data DIR``) can point the package at another folder with the environment variable
``TAICANG_DATA``; it must have the same layout (``targets/``, ``figures.csv``, ``indicators.csv``,
``monthly/``).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = PROJECT_DIR / "data"
NOTEBOOK_DIR = PROJECT_DIR / "notebooks"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder in use.

    Parameters
    ----------
    override
        An explicit folder; wins over ``TAICANG_DATA`` and the shipped ``data/``.

    Examples
    --------
    >>> data_dir().name
    'data'
    """
    if override is not None:
        return Path(override)
    env = os.environ.get("TAICANG_DATA")
    return Path(env) if env else SHIPPED_DATA_DIR


def monthly_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Folder where analysts put the monthly files they receive (``data/monthly/``).

    Examples
    --------
    >>> monthly_dir().parts[-2:]
    ('data', 'monthly')
    """
    return data_dir(override) / "monthly"
