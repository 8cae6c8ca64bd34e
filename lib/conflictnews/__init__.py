"""conflictnews: load, clean and read news about armed conflict: actors, attributed claims, casualty figures."""

__version__ = "0.1.0"
