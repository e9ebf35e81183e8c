"""Sources: read files, never compute a figure.

- :mod:`~taicang_analysis.sources.catalogue`: the indicator catalogue (``data/indicators.csv``);
- :mod:`~taicang_analysis.sources.targets`: the target registries (``data/targets/<year>.csv``);
- :mod:`~taicang_analysis.sources.figures`: the published figures with their sources, merged with
  the analysts' monthly files;
- :mod:`~taicang_analysis.sources.monthly`: the analysts' monthly files (``data/monthly/``);
- :mod:`~taicang_analysis.sources.normalise`: what a typed or received cell is normalised to.
"""
